/** Deeper than any JOSE header goes; the bound keeps the recursion shallow. */
const MAX_DEPTH = 16;

const WHITESPACE = /[ \t\n\r]*/y;
// Alternatives start with distinct characters, so matching stays linear.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

/**
 * Whether `text` is one well-formed JSON value, decided without throwing. JSON.parse would
 * answer too, but a thrown SyntaxError costs microseconds, and text crafted to look like
 * token after token would make the scanner pay that thousands of times per megabyte.
 */
export function isJsonText(text: string): boolean {
  const end = value(text, skip(text, 0), 0);
  return end !== -1 && skip(text, end) === text.length;
}

/** The index after the value starting at `at`, or -1 when there is none. */
function value(text: string, at: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  const char = text[at];
  if (char === "{") return container(text, at, depth, "}", true);
  if (char === "[") return container(text, at, depth, "]", false);
  if (char === '"') return sticky(STRING, text, at);
  return sticky(char === "t" || char === "f" || char === "n" ? LITERAL : NUMBER, text, at);
}

function container(text: string, at: number, depth: number, close: string, keyed: boolean): number {
  let i = skip(text, at + 1);
  if (text[i] === close) return i + 1;
  for (;;) {
    if (keyed) {
      i = sticky(STRING, text, i);
      if (i === -1) return -1;
      i = skip(text, i);
      if (text[i] !== ":") return -1;
      i = skip(text, i + 1);
    }
    i = value(text, i, depth + 1);
    if (i === -1) return -1;
    i = skip(text, i);
    if (text[i] === close) return i + 1;
    if (text[i] !== ",") return -1;
    i = skip(text, i + 1);
  }
}

function sticky(regex: RegExp, text: string, at: number): number {
  regex.lastIndex = at;
  return regex.test(text) ? regex.lastIndex : -1;
}

function skip(text: string, at: number): number {
  WHITESPACE.lastIndex = at;
  WHITESPACE.test(text);
  return WHITESPACE.lastIndex;
}
