import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NoteStore } from "./note-store.js";

let dir: string;
const fixedNow = () => new Date("2026-07-01T12:00:00.000Z");

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "notes-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("NoteStore in memory", () => {
  it("adds, lists, gets and deletes notes, never reusing an id", async () => {
    const store = await NoteStore.open({ now: fixedNow });
    const first = await store.add({ title: "One", body: "first" });
    const second = await store.add({ title: "Two", body: "second" });
    expect(first).toEqual({ id: "1", title: "One", body: "first", created_at: "2026-07-01T12:00:00.000Z" });
    expect(store.list().map((note) => note.id)).toEqual(["1", "2"]);
    expect(store.get("2")).toEqual(second);
    expect(await store.delete("2")).toEqual(second);
    expect(await store.delete("2")).toBeUndefined();
    expect(store.get("2")).toBeUndefined();
    expect((await store.add({ title: "Three", body: "" })).id).toBe("3");
  });

  it("gives concurrent adds distinct ids in call order", async () => {
    const store = await NoteStore.open();
    const notes = await Promise.all(["a", "b", "c"].map((title) => store.add({ title, body: "" })));
    expect(notes.map((note) => `${note.id}:${note.title}`)).toEqual(["1:a", "2:b", "3:c"]);
  });

  it("tells listeners about changes, not about no-ops, until they stop listening", async () => {
    const store = await NoteStore.open();
    let calls = 0;
    const stop = store.onChange(() => calls++);
    await store.add({ title: "x", body: "" });
    await store.delete("99");
    expect(calls).toBe(1);
    stop();
    await store.delete("1");
    expect(calls).toBe(1);
  });
});

describe("NoteStore with a file", () => {
  it("saves every change and loads it again, keeping the next id", async () => {
    const file = join(dir, "sub", "notes.json");
    const store = await NoteStore.open({ file, now: fixedNow });
    await store.add({ title: "Keep", body: "me" });
    await store.add({ title: "Drop", body: "me" });
    await store.delete("2");
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      version: 1,
      next_id: 3,
      notes: [{ id: "1", title: "Keep", body: "me", created_at: "2026-07-01T12:00:00.000Z" }],
    });
    expect(await readdir(join(dir, "sub"))).toEqual(["notes.json"]); // no temporary files left

    const reopened = await NoteStore.open({ file });
    expect(reopened.list().map((note) => note.title)).toEqual(["Keep"]);
    expect((await reopened.add({ title: "New", body: "" })).id).toBe("3");
  });

  it("starts empty when the file does not exist yet, without creating it", async () => {
    const file = join(dir, "notes.json");
    const store = await NoteStore.open({ file });
    expect(store.list()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a file that is not a notes file rather than overwrite it", async () => {
    const file = join(dir, "notes.json");
    await writeFile(file, "{ not json");
    await expect(NoteStore.open({ file })).rejects.toThrow(/is not JSON/);
    await writeFile(file, JSON.stringify({ version: 1, next_id: 1, notes: [{ id: "1", title: 7 }] }));
    await expect(NoteStore.open({ file })).rejects.toThrow(/is not a notes file at notes\.0\.title/);
  });

  it("leaves the notebook unchanged, and no temporary file behind, when the file cannot be written", async () => {
    const file = join(dir, "notes.json");
    const store = await NoteStore.open({ file });
    await mkdir(file); // renaming the new file over a folder fails, whoever runs the test
    await expect(store.add({ title: "x", body: "" })).rejects.toThrow();
    expect(store.list()).toEqual([]);
    expect(await readdir(dir)).toEqual(["notes.json"]);
    await rm(file, { recursive: true });
    expect((await store.add({ title: "y", body: "" })).id).toBe("1"); // the failed add used up no id
  });
});
