/** How a YAML file is laid out, so that rewriting it through the Document API keeps its look. */
export interface YamlStyle {
  /** Spaces per nesting level. */
  indent: number;
  /** Whether a block sequence is indented under its key (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
  /** Whether flow collections have spaces inside their brackets (`[ a, b ]`, `{ a: 1 }`). */
  flowCollectionPadding: boolean;
}

const DEFAULT_STYLE: YamlStyle = { indent: 2, indentSeq: true, flowCollectionPadding: false };

/**
 * The layout a file already uses: indentation guessed from its first nested lines, flow
 * padding from its flow collections; 2 spaces, indented sequences and `[a, b]` where the file
 * shows none. Files written by Go's yaml.v3 (Docker's tools) use 4 spaces, hand-written ones
 * mostly 2: a rewrite must not re-indent either.
 */
export function detectYamlStyle(text: string | undefined): YamlStyle {
  if (text === undefined) return DEFAULT_STYLE;
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"))
    .map((line) => ({ indent: line.length - line.trimStart().length, text: line.trim() }));

  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const parent = lines[i - 1]!;
    // Only a line that opens a block (`key:` with nothing after it) says how its child is
    // indented; anything else may be inside a block scalar or a flow collection.
    if (!/^[^#]*:$/.test(parent.text)) continue;
    const step = line.indent - parent.indent;
    if (line.text === "-" || line.text.startsWith("- ")) {
      if (indentSeq === undefined && step >= 0) indentSeq = step > 0;
    } else if (indent === undefined && step > 0) {
      indent = step;
    }
    if (indent !== undefined && indentSeq !== undefined) break;
  }
  return {
    indent: indent ?? DEFAULT_STYLE.indent,
    indentSeq: indentSeq ?? DEFAULT_STYLE.indentSeq,
    flowCollectionPadding: flowPadding(text) ?? DEFAULT_STYLE.flowCollectionPadding,
  };
}

/** Whether the file's non-empty flow collections (after `key: ` or `- `) are mostly padded. */
function flowPadding(text: string): boolean | undefined {
  let padded = 0;
  let tight = 0;
  for (const match of text.matchAll(/(?:: |- )[[{]( ?)(?=[^\s\]}])/g)) {
    if (match[1] === " ") padded++;
    else tight++;
  }
  return padded + tight === 0 ? undefined : padded > tight;
}
