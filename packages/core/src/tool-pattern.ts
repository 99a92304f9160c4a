/**
 * A tool pattern as `--tools` and the access policy write it: `*` (every tool), `tool` (a tool
 * of any server), `server:tool` or `server:*`. A `*` inside either part matches any run of
 * characters there (`notes:delete_*`). Tool and server names never contain `*` or `:`, so a
 * pattern cannot be mistaken for a name.
 */
export interface ToolPattern {
  /** The pattern as written. */
  readonly text: string;
  /** The server part; `*` when the pattern has none. */
  readonly server: string;
  readonly tool: string;
  /** Whether the pattern names a server (`server:tool`, `server:*`), as opposed to a bare tool or `*`. */
  readonly namesServer: boolean;
}

/** Splits a pattern at its first `:`; a pattern without one is a tool of any server. */
export function parseToolPattern(text: string): ToolPattern {
  const colon = text.indexOf(":");
  return colon === -1
    ? { text, server: "*", tool: text, namesServer: false }
    : { text, server: text.slice(0, colon), tool: text.slice(colon + 1), namesServer: true };
}

/** Why a pattern is not one, or `undefined` when it is well-formed. */
export function toolPatternProblem(text: string): string | undefined {
  if (text.trim() === "") return "a tool pattern cannot be empty";
  if (/\s/.test(text)) return `"${text}" contains blanks; a tool pattern is *, tool, server:tool or server:*`;
  const { server, tool, namesServer } = parseToolPattern(text);
  if (namesServer && (server === "" || tool === "")) return `"${text}" has an empty part; write server:* for every tool of a server`;
  if (tool.includes(":")) return `"${text}" has more than one ":"; a tool pattern is *, tool, server:tool or server:*`;
  return undefined;
}

/** Whether `name` matches `glob`, where `*` stands for any run of characters (none included). */
export function matchesGlob(glob: string, name: string): boolean {
  if (glob === "*") return true;
  if (!glob.includes("*")) return glob === name;
  const parts = glob.split("*");
  const first = parts[0]!;
  const last = parts.at(-1)!;
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = name.indexOf(middle, at);
    if (found === -1 || found + middle.length > name.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

/** Whether a parsed pattern matches a server's tool. */
export function matchesToolPattern(pattern: ToolPattern, server: string, tool: string): boolean {
  return matchesGlob(pattern.server, server) && matchesGlob(pattern.tool, tool);
}

/**
 * Docker's `--tools` filter: a tool passes when any pattern matches it. No patterns means
 * every tool.
 * @example createToolFilter(["clock:*", "echo"])("clock", "now") // true
 */
export function createToolFilter(patterns: readonly string[]): (server: string, tool: string) => boolean {
  if (patterns.length === 0 || patterns.includes("*")) return () => true;
  const parsed = patterns.map(parseToolPattern);
  return (server, tool) => parsed.some((p) => matchesToolPattern(p, server, tool));
}
