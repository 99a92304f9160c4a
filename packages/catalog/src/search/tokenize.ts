// Words for the search index. Tool names are identifiers (`get_pull_request`, `listIssues`,
// `tavily-search`, `atlassian.jira`) and queries are prose ("open a pull request"): both become
// the same lowercase, lightly stemmed words, so that either finds the other.

/** Words that say nothing about what a tool does; dropped from documents and queries alike. */
const STOP_WORDS = new Set(
  "a an and any are as at be by can do for from how i in into is it its me my of on or our please some that the their them then this to us using via we what when which with you your".split(" "),
);

// A lowercase letter or digit followed by a capital (`listIssues`, `base64Encode`), or a run of
// capitals followed by a capitalised word (`HTMLParser`): where a camelCase word splits.
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const NOT_A_WORD = /[^\p{L}\p{N}]+/u;
const VOWEL = /[aeiouy]/;

/**
 * The index words of a text: lowercase; split at anything that is not a letter or a digit
 * (snake_case, kebab-case, dotted and slashed names) and inside camelCase words, which are also
 * kept whole (`GitHub` gives `github`, `git`, `hub`, so that the brand is found written either
 * way); stop words and single letters dropped; plurals and `-ing`/`-ed` stemmed. Numbers stay.
 * Repeated words repeat: the index counts them.
 * @example
 * tokenize("get_pull_request"); // ["get", "pull", "request"]
 * tokenize("listIssues");       // ["listissu", "list", "issu"]
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  for (const part of text.split(NOT_A_WORD)) {
    if (part === "") continue;
    const pieces = part.split(CAMEL_BOUNDARY);
    if (pieces.length > 1) addWord(words, part);
    for (const piece of pieces) addWord(words, piece);
  }
  return words;
}

function addWord(words: string[], raw: string): void {
  const word = raw.toLowerCase();
  if (STOP_WORDS.has(word)) return;
  if (word.length === 1 && !/\d/.test(word)) return;
  words.push(stem(word));
}

/**
 * A light English stemmer: enough that "files" finds `file`, "queries" `query`, "created"
 * `create` and "listing" `list`. It maps a word and its variants to one stem, which need not
 * be a word (`creat`); documents and queries go through the same function, so only
 * consistency matters.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/[su]s$|is$/.test(w)) w = w.slice(0, -1);
  // Three letters before -ing (running → run) but four before -ed, so that embed, speed, feed stay whole.
  w = stripSuffix(w, "ing", 3) ?? stripSuffix(w, "ed", 4) ?? w;
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** `word` without `suffix` when what is left is a stem (`minimum` letters or more, with a vowel), undoubled. */
function stripSuffix(word: string, suffix: string, minimum: number): string | undefined {
  if (!word.endsWith(suffix)) return undefined;
  const rest = word.slice(0, -suffix.length);
  if (rest.length < minimum || !VOWEL.test(rest)) return undefined;
  // running → run, mapped → map; but not pass, fill, buzz, whose double letter is the word's own.
  const last = rest.at(-1)!;
  return last === rest.at(-2) && !"lsz".includes(last) ? rest.slice(0, -1) : rest;
}
