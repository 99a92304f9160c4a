import { isJoseHeader } from "./jwt.js";
import type { SecretKind } from "./kinds.js";

/**
 * A credential shape. Every regex here must stay linear in the text's length: no nested or
 * adjacent unbounded quantifiers over overlapping classes, bounded repeats, and a boundary
 * look-behind first so that a long run of token-like characters is rejected at each position
 * in one step instead of being retried.
 */
export interface SecretPattern {
  kind: Exclude<SecretKind, "exact">;
  /** Global flag required. */
  regex: RegExp;
  /**
   * Cheap pre-check, not global: the full regex runs only on text where this matches. A regex
   * rather than `includes`, which slows to a crawl on runs of a literal's first character.
   */
  prefilter: RegExp;
  /** A second look at a match, for shapes a regex alone cannot tell from ordinary text. */
  accept?: (match: string, text: string, start: number) => boolean;
}

/** How far before an AWS secret key its hint (`aws`, as in `AWS_SECRET_ACCESS_KEY`) may be. */
const AWS_HINT_WINDOW = 64;

const hasUpper = (s: string): boolean => /[A-Z]/.test(s);
const hasLower = (s: string): boolean => /[a-z]/.test(s);
const hasDigit = (s: string): boolean => /[0-9]/.test(s);
/** Random keys mix cases and digits; slugs and identifiers in prose almost never do all three. */
const looksRandom = (s: string): boolean => hasUpper(s) && hasLower(s) && hasDigit(s);

/** The well-known shapes, in the order their kinds label overlapping hits. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: "private-key",
    // The body runs up to the first `-----`; a truncated block without END is still caught.
    regex:
      /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----)){0,65536}(?:-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----)?/g,
    prefilter: /-----BEGIN/,
  },
  {
    kind: "aws-access-key-id",
    regex: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    prefilter: /A3T|AKIA|ASIA|ABIA|ACCA/,
  },
  {
    kind: "aws-secret-access-key",
    // Forty base64 characters are everywhere (hashes, ids); only next to an AWS hint is it a key.
    // `=` only after: padding ends base64, and `KEY=` commonly comes before.
    regex: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    prefilter: /aws/i,
    accept: (match, text, start) =>
      hasUpper(match) &&
      hasLower(match) &&
      /aws/i.test(text.slice(Math.max(0, start - AWS_HINT_WINDOW), start)),
  },
  {
    kind: "github-token",
    regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])|github_pat_[A-Za-z0-9_]{22,244}(?![A-Za-z0-9_]))/g,
    prefilter: /gh[pousr]_|github_pat_/,
  },
  {
    kind: "gitlab-token",
    regex: /\bglpat-[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])/g,
    prefilter: /glpat-/,
  },
  {
    kind: "slack-token",
    regex: /\bxox[baprs]-[A-Za-z0-9-]{10,255}(?![A-Za-z0-9-])/g,
    prefilter: /xox/,
    // Real ones carry numeric team and user ids; `xoxb-your-token-here` in docs does not.
    accept: (match) => hasDigit(match.slice(5)),
  },
  {
    kind: "slack-webhook",
    regex: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{8,255}/g,
    prefilter: /hooks\.slack\.com/,
  },
  {
    kind: "stripe-key",
    regex: /\b[rs]k_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])/g,
    prefilter: /k_live_/,
  },
  {
    kind: "google-api-key",
    regex: /\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    prefilter: /AIza/,
  },
  {
    kind: "anthropic-api-key",
    regex: /\bsk-ant-[A-Za-z0-9_-]{32,255}(?![A-Za-z0-9_-])/g,
    prefilter: /sk-ant-/,
    accept: (match) => looksRandom(match.slice("sk-ant-".length)),
  },
  {
    kind: "openai-api-key",
    regex: /\bsk-(?!ant-)[A-Za-z0-9_-]{20,255}(?![A-Za-z0-9_-])/g,
    prefilter: /sk-/,
    accept: (match) => looksRandom(match.slice("sk-".length).replace(/^(?:proj|svcacct|admin)-/, "")),
  },
  {
    kind: "npm-token",
    regex: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    prefilter: /npm_/,
  },
  {
    kind: "jwt",
    // `{"` base64url-encodes to `eyJ`, so every JOSE header starts with it.
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,65536}\.[A-Za-z0-9_-]{0,8192}(?![A-Za-z0-9_-])/g,
    prefilter: /eyJ/,
    accept: (match) => isJoseHeader(match.slice(0, match.indexOf("."))),
  },
];
