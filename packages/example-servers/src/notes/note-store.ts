// The notebook: notes in memory, optionally persisted to one JSON file. Changes are applied one
// at a time; each is written to the file before it takes effect, so a change a caller saw
// succeed is on disk, and a failed write leaves the notebook as it was.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "@mcpgw/user-files";

/** One note. Ids are decimal numbers as strings, never reused within a notebook. */
export interface Note {
  id: string;
  title: string;
  body: string;
  /** ISO 8601 UTC time the note was added. */
  created_at: string;
}

const NoteSchema = z.object({ id: z.string().min(1), title: z.string(), body: z.string(), created_at: z.string() });

/** The NOTES_FILE format. `next_id` keeps deleted ids from coming back. */
const NotesFileSchema = z.object({
  version: z.literal(1),
  next_id: z.number().int().positive(),
  notes: z.array(NoteSchema),
});

/** Options for {@link NoteStore.open}. */
export interface NoteStoreOptions {
  /** A JSON file to load the notes from (when it exists) and to save every change to. */
  file?: string | undefined;
  /** The clock for `created_at`; tests fix it. */
  now?: () => Date;
}

/** An in-memory notebook, optionally backed by a file. */
export class NoteStore {
  readonly file: string | undefined;
  #notes: ReadonlyMap<string, Note>;
  #nextId: number;
  readonly #now: () => Date;
  readonly #listeners = new Set<() => void>();
  #tail: Promise<void> = Promise.resolve();

  private constructor(file: string | undefined, notes: readonly Note[], nextId: number, now: () => Date) {
    this.file = file;
    this.#notes = new Map(notes.map((note) => [note.id, note]));
    this.#nextId = nextId;
    this.#now = now;
  }

  /** Opens a notebook, loading `options.file` when it exists; an unreadable or invalid file is an error. */
  static async open(options: NoteStoreOptions = {}): Promise<NoteStore> {
    const now = options.now ?? (() => new Date());
    if (options.file === undefined || options.file === "") return new NoteStore(undefined, [], 1, now);
    const file = resolve(options.file);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new NoteStore(file, [], 1, now);
      throw new Error(`cannot read NOTES_FILE ${file}: ${(error as Error).message}`, { cause: error });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`NOTES_FILE ${file} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    const parsed = NotesFileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new Error(`NOTES_FILE ${file} is not a notes file${where}: ${issue?.message ?? "invalid"}`);
    }
    const highestId = Math.max(0, ...parsed.data.notes.map((note) => Number(note.id)).filter(Number.isSafeInteger));
    return new NoteStore(file, parsed.data.notes, Math.max(parsed.data.next_id, highestId + 1), now);
  }

  /** Every note, oldest first. */
  list(): Note[] {
    return [...this.#notes.values()];
  }

  /** The note with `id`, if there is one. */
  get(id: string): Note | undefined {
    return this.#notes.get(id.trim());
  }

  /** Adds a note and resolves with it once it is saved. */
  add(input: { title: string; body: string }): Promise<Note> {
    return this.#change(() => {
      const note: Note = { id: String(this.#nextId), title: input.title, body: input.body, created_at: this.#now().toISOString() };
      return { result: note, notes: new Map(this.#notes).set(note.id, note), nextId: this.#nextId + 1 };
    });
  }

  /** Deletes the note with `id`; resolves with it once that is saved, or with `undefined` when there was none. */
  delete(id: string): Promise<Note | undefined> {
    return this.#change(() => {
      const note = this.#notes.get(id.trim());
      if (!note) return { result: undefined };
      const notes = new Map(this.#notes);
      notes.delete(note.id);
      return { result: note, notes, nextId: this.#nextId };
    });
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when every change started so far has been applied (or has failed). */
  flush(): Promise<void> {
    return this.#tail;
  }

  /** Runs `plan` once the changes before it are done, and applies what it returns. */
  #change<T>(plan: () => PlannedChange<T>): Promise<T> {
    const run = this.#tail.then(async () => {
      const change = plan();
      if (change.notes === undefined) return change.result;
      if (this.file !== undefined) await writeFileAtomic(this.file, serialize(change.notes, change.nextId), { mode: 0o600 });
      this.#notes = change.notes;
      this.#nextId = change.nextId;
      for (const listener of this.#listeners) {
        try {
          listener();
        } catch {
          // A listener's failure is its own: the change is made and saved either way.
        }
      }
      return change.result;
    });
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

/** What a change produces: its result, and the new notes unless nothing changes. */
type PlannedChange<T> = { result: T; notes?: undefined } | { result: T; notes: ReadonlyMap<string, Note>; nextId: number };

function serialize(notes: ReadonlyMap<string, Note>, nextId: number): string {
  const file: z.input<typeof NotesFileSchema> = { version: 1, next_id: nextId, notes: [...notes.values()] };
  return `${JSON.stringify(file, null, 2)}\n`;
}
