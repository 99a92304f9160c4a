/**
 * What the scanner can find. Each is a well-known credential shape, except `exact`: one of
 * the configured secret values, wherever it appears.
 */
export const SECRET_KINDS = [
  "aws-access-key-id",
  "aws-secret-access-key",
  "github-token",
  "gitlab-token",
  "slack-token",
  "slack-webhook",
  "stripe-key",
  "google-api-key",
  "anthropic-api-key",
  "openai-api-key",
  "npm-token",
  "private-key",
  "jwt",
  "exact",
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

/** One place a secret was seen. Never carries the secret's text, only where it is. */
export interface SecretFinding {
  kind: SecretKind;
  /** For `scanJson`: the JSON path of the string holding it, e.g. `$.result.content[0].text`. */
  path?: string;
  /** Offset of the first character, in UTF-16 code units of the scanned string. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** For `exact`: the name of the configured secret that was seen (a name, not the value). */
  name?: string;
}
