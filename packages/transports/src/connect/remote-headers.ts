import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { RemoteServerSpec } from "@mcpgw/core";

/** Headers ready to send, and the secret strings in them that must never be shown. */
export interface RemoteHeaders {
  headers: Record<string, string>;
  /** Every revealed secret (and derived encodings) the headers contain, for redaction. */
  secrets: string[];
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
// RFC 9110 token: checked here because `Headers` would otherwise throw a message quoting the value.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/**
 * Fills the `${NAME}` placeholders of a remote spec's headers, from its `secretEnv` first and
 * then its `env`, and adds Basic auth for user info taken from the URL. Secret values are
 * revealed here and only here, on their way into a request.
 *
 * @throws GatewayError `CONFIG_MISSING` for a placeholder with no value (naming the server,
 *   header and placeholder, never a value), `CONFIG_INVALID` for a header that cannot be sent.
 */
export function buildRemoteHeaders(
  spec: Pick<RemoteServerSpec, "name" | "headers" | "env" | "secretEnv">,
  credentials?: { username: string; password: string },
): RemoteHeaders {
  const headers: Record<string, string> = {};
  const secrets = new Set<string>();
  for (const [name, template] of Object.entries(spec.headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new GatewayError(ErrorCode.CONFIG_INVALID, `remote server "${spec.name}": "${name}" is not a valid HTTP header name`, {
        data: { server: spec.name, header: name },
      });
    }
    const value = template.replace(PLACEHOLDER, (_match, key: string) => {
      const secret = spec.secretEnv[key];
      if (secret !== undefined) {
        const revealed = secret.reveal();
        if (revealed !== "") secrets.add(revealed);
        return revealed;
      }
      const plain = spec.env[key];
      if (plain !== undefined) return plain;
      throw new GatewayError(
        ErrorCode.CONFIG_MISSING,
        `remote server "${spec.name}": header "${name}" uses \${${key}}, which is set neither in its secrets nor in its env`,
        { data: { server: spec.name, header: name, placeholder: key }, suggestion: `set the secret or config value that provides ${key}` },
      );
    });
    if (FORBIDDEN_IN_VALUE.test(value)) {
      throw new GatewayError(ErrorCode.CONFIG_INVALID, `remote server "${spec.name}": header "${name}" would contain a line break or NUL`, {
        data: { server: spec.name, header: name },
      });
    }
    headers[name] = value;
  }
  if (credentials && !Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    const encoded = Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64");
    headers.Authorization = `Basic ${encoded}`;
    secrets.add(encoded);
    if (credentials.password !== "") secrets.add(credentials.password);
  }
  return { headers, secrets: [...secrets] };
}

/** `text` with every occurrence of a secret replaced by `[secret]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== "") result = result.split(secret).join("[secret]");
  return result;
}
