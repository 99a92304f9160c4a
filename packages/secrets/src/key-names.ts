/**
 * The environment-variable form of a secret name: upper case, every run of characters other
 * than ASCII letters and digits turned into one `_`.
 * @example normaliseSecretKey("github.personal_access_token") // "GITHUB_PERSONAL_ACCESS_TOKEN"
 */
export function normaliseSecretKey(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
}

/**
 * The names a provider keyed by variable or file names tries, in order: the exact name, then
 * its normalised form. Docker names secrets like `github.personal_access_token`, while an
 * environment or `.env` file can only hold `GITHUB_PERSONAL_ACCESS_TOKEN`.
 */
export function secretKeyCandidates(name: string): string[] {
  const normalised = normaliseSecretKey(name);
  return normalised === name ? [name] : [name, normalised];
}
