import type { SecretValue } from "@mcpgw/core";
import { forEachJsonString, mapJsonStrings } from "./json-walk.js";
import type { SecretFinding } from "./kinds.js";
import { SECRET_PATTERNS } from "./patterns.js";
import type { ExactNeedle } from "./scan-text.js";
import { findSecrets, redactFindings } from "./scan-text.js";

/**
 * Every pattern's prefilter in one regex, case aside: most text matches none of them, and is
 * then done with in one test instead of one per pattern. Each pattern's own prefilter still
 * decides for text this lets through.
 */
const ANY_PREFILTER = new RegExp(SECRET_PATTERNS.map((pattern) => `(?:${pattern.prefilter.source})`).join("|"), "i");

/** Configured values shorter than this are not looked for: they would match all over. */
export const MIN_EXACT_SECRET_LENGTH = 6;

export interface SecretScannerOptions {
  /** The configured secret values, found verbatim wherever they appear (kind `exact`). */
  values?: readonly SecretValue[];
}

/** Finds and redacts secrets in tool traffic: known credential shapes and configured values. */
export interface SecretScanner {
  /** Where secrets are in `text`; offsets only, never the secret text. */
  scanText(text: string): SecretFinding[];
  /**
   * Where secrets are in the string values of a parsed JSON value, each with its JSON path.
   * Object keys are not scanned: they are field names, not values.
   */
  scanJson(value: unknown): SecretFinding[];
  /** `text` with each secret replaced by `[redacted:<kind>]`. */
  redact(text: string): string;
  /** A copy of a parsed JSON value with each secret in its strings replaced by `[redacted:<kind>]`. */
  redactJson<T>(value: T): T;
}

/**
 * A scanner for the well-known credential shapes and, when given, the exact configured
 * secret values. All regexes run in linear time, so a megabyte of tool output scans in
 * milliseconds.
 * @example createSecretScanner({ values: configuredSecrets }).redactJson(toolResult)
 */
export function createSecretScanner(options: SecretScannerOptions = {}): SecretScanner {
  const needles = exactNeedles(options.values ?? []);
  const scanText = (text: string): SecretFinding[] => findSecrets(text, ANY_PREFILTER.test(text) ? SECRET_PATTERNS : [], needles);
  return {
    scanText,
    scanJson(value) {
      const findings: SecretFinding[] = [];
      forEachJsonString(value, (text, path) => {
        const found = scanText(text);
        if (found.length === 0) return;
        const at = path();
        for (const finding of found) findings.push({ ...finding, path: at });
      });
      return findings;
    },
    redact(text) {
      return redactFindings(text, scanText(text));
    },
    redactJson(value) {
      return mapJsonStrings(value, (text) => redactFindings(text, scanText(text)));
    },
  };
}

function exactNeedles(values: readonly SecretValue[]): ExactNeedle[] {
  const needles: ExactNeedle[] = [];
  const seen = new Set<string>();
  for (const secret of values) {
    const value = secret.reveal();
    if (value.length < MIN_EXACT_SECRET_LENGTH || seen.has(value)) continue;
    seen.add(value);
    // A value with quotes, backslashes or newlines reads differently inside a raw JSON frame.
    const escaped = JSON.stringify(value).slice(1, -1);
    needles.push({ name: secret.name, forms: escaped === value ? [value] : [value, escaped] });
  }
  return needles;
}
