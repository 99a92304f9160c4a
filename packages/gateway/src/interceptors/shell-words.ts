import { ErrorCode, GatewayError } from "@mcpgw/core";

// How Docker's gateway splits the words after a docker interceptor's image (the shlex rules it
// uses): words part at blanks; `'…'` keeps everything as it is; `"…"` keeps everything but a
// backslash, which takes the next character as it is; outside quotes a backslash does the same;
// a `#` that starts a word starts a comment, to the end of the line. Nothing is expanded: no
// variables, no globs, no commands.
const BLANK = /[ \t\r\n]/;

/**
 * The words of `text`, split the way Docker's gateway splits a docker interceptor's arguments.
 * @throws GatewayError `INVALID_ARGUMENT` for a quote left open or a backslash at the end.
 * @example
 * shellWords(`-e 'console.log("hi")' --flag="a b"`); // ["-e", 'console.log("hi")', "--flag=a b"]
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const next = (what: string): string => {
    if (i >= text.length) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${text}" ends ${what}`);
    return text[i++]!;
  };
  while (i < text.length) {
    const c = text[i++]!;
    if (BLANK.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "\\") {
      word = (word ?? "") + next("with a backslash that escapes nothing");
    } else if (c === "'") {
      word ??= "";
      for (let q = next("inside a '…' quote"); q !== "'"; q = next("inside a '…' quote")) word += q;
    } else if (c === '"') {
      word ??= "";
      for (let q = next('inside a "…" quote'); q !== '"'; q = next('inside a "…" quote')) word += q === "\\" ? next('inside a "…" quote') : q;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
