import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadStoredToken, rotateStoredToken } from "./stored-token.js";

describe("the stored gateway token", () => {
  let root: string;
  let file: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "mcpgw-token-"));
    file = join(root, "home", "auth-token");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("is made once, readable by its owner only, and reused", async () => {
    const token = await loadStoredToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toBe(`${token}\n`);
    expect(await loadStoredToken(file)).toBe(token);
  });

  it("is the same for creators racing on a new home", async () => {
    const tokens = await Promise.all(Array.from({ length: 6 }, () => loadStoredToken(file)));
    expect(new Set(tokens).size).toBe(1);
    expect(await readFile(file, "utf8")).toBe(`${tokens[0]}\n`);
  });

  it("takes a token the user wrote, with or without a final newline", async () => {
    await loadStoredToken(file);
    await writeFile(file, "my-own-long-token-value\r\n");
    expect(await loadStoredToken(file)).toBe("my-own-long-token-value");
    await writeFile(file, "my-own-long-token-value");
    expect(await loadStoredToken(file)).toBe("my-own-long-token-value");
  });

  it.each([
    ["", /is empty/],
    ["  \n", /is empty/],
    ["two words in one token\n", /blanks/],
    ["first-line-of-token\nsecond-line\n", /blanks or more than one line/],
    ["short\n", /shorter than 16 characters/],
    ["töken-with-umlaut-and-more\n", /characters an HTTP header cannot carry/],
  ])("refuses a file holding %j, names it, says what to do and leaves it untouched", async (content, reason) => {
    await loadStoredToken(file);
    await writeFile(file, content);
    const failure = loadStoredToken(file);
    await expect(failure).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringMatching(reason) });
    await expect(failure).rejects.toMatchObject({ message: expect.stringContaining(file), suggestion: expect.stringContaining("mcpgw gateway token --rotate") });
    expect(await readFile(file, "utf8")).toBe(content);
  });

  it("never quotes the file's content in its error", async () => {
    await loadStoredToken(file);
    await writeFile(file, "secret value with blanks");
    const error = await loadStoredToken(file).catch((e: Error) => e);
    expect(JSON.stringify({ message: (error as Error).message, suggestion: (error as { suggestion?: string }).suggestion })).not.toMatch(/secret value/);
  });

  it("reports a token file that is a folder as an I/O error naming it", async () => {
    await mkdir(file, { recursive: true });
    // (A file without read permission would be the other case, but CI runs as root, who reads anything.)
    await expect(loadStoredToken(file)).rejects.toMatchObject({ code: "IO", message: expect.stringContaining(`${file}: EISDIR`), suggestion: expect.stringContaining("--rotate") });
  });

  it("is replaced by a rotation, atomically and still owner-only, and the new one is then reused", async () => {
    const first = await loadStoredToken(file);
    await chmod(file, 0o644);
    const second = await rotateStoredToken(file);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadStoredToken(file)).toBe(second);
  });

  it("rotates a file that holds no token, and makes one where there is none", async () => {
    await loadStoredToken(file);
    await writeFile(file, "short");
    const rotated = await rotateStoredToken(file);
    expect(await loadStoredToken(file)).toBe(rotated);
    const fresh = join(root, "other", "auth-token");
    expect(await rotateStoredToken(fresh)).toBe(await loadStoredToken(fresh));
  });
});
