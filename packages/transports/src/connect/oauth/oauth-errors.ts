// What an OAuth endpoint's error answer (RFC 6749 §5.2) may show: its `error` code and
// description, with every secret of the request blanked out in case a server echoes one.

/** `HTTP 400: invalid_grant (the code expired)`, secrets replaced by `[redacted]`. */
export function oauthErrorText(status: number, body: Record<string, unknown>, secrets: readonly (string | undefined)[]): string {
  const error = typeof body.error === "string" ? body.error : undefined;
  const description = typeof body.error_description === "string" ? body.error_description.slice(0, 200) : undefined;
  const text = `HTTP ${status}${error ? `: ${error}` : ""}${description ? ` (${description})` : ""}`;
  return blank(text, secrets);
}

/** `text` with each non-empty secret replaced by `[redacted]`. */
export function blank(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) if (secret) result = result.split(secret).join("[redacted]");
  return result;
}
