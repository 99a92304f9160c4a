import type { SecretFinding, SecretKind } from "./kinds.js";
import type { SecretPattern } from "./patterns.js";

/** A configured secret value to look for verbatim, with the forms it may take in text. */
export interface ExactNeedle {
  name: string;
  /** The value itself, and its JSON-escaped form when that differs (raw JSON-RPC frames). */
  forms: readonly string[];
}

/** Every hit of `patterns` and `needles` in `text`, ordered by start, longer first. */
export function findSecrets(
  text: string,
  patterns: readonly SecretPattern[],
  needles: readonly ExactNeedle[],
): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const pattern of patterns) {
    if (!pattern.prefilter.test(text)) continue;
    // The shared regex is safe to drive by hand: a scan is synchronous and starts at 0.
    const { regex } = pattern;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      const start = match.index;
      const found = match[0];
      if (found === "") {
        regex.lastIndex++;
        continue;
      }
      if (pattern.accept && !pattern.accept(found, text, start)) continue;
      findings.push({ kind: pattern.kind, start, end: start + found.length });
    }
    regex.lastIndex = 0;
  }
  for (const needle of needles) {
    for (const form of needle.forms) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        findings.push({ kind: "exact", name: needle.name, start: at, end: at + form.length });
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * `text` with every finding replaced by `[redacted:<kind>]`. Overlapping findings become one
 * marker over their union, labelled by the one that starts first (the longest, on a tie), so
 * no piece of a secret survives between two markers.
 */
export function redactFindings(text: string, findings: readonly SecretFinding[]): string {
  if (findings.length === 0) return text;
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  let cursor = 0;
  let span: { start: number; end: number; kind: SecretKind } | undefined;
  const flush = (): void => {
    if (!span) return;
    out += `${text.slice(cursor, span.start)}[redacted:${span.kind}]`;
    cursor = span.end;
  };
  for (const finding of sorted) {
    if (span && finding.start < span.end) {
      span.end = Math.max(span.end, finding.end);
      continue;
    }
    flush();
    span = { start: finding.start, end: finding.end, kind: finding.kind };
  }
  flush();
  return out + text.slice(cursor);
}
