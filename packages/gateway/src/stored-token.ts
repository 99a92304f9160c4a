// The HTTP gateway's owner token, kept in MCPGW_HOME/auth-token so that a client configured once
// keeps working across restarts. Made at the first start that needs one, under the file's lock,
// so two gateways starting at once end with the same token. A file that holds no token is never
// replaced behind the user's back: it may be one they wrote, and clients may be using it.
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { readFileIfExists, withFileLock, writeFileAtomic } from "@mcpgw/user-files";
import { randomToken } from "./exposure.js";

/** Shortest token accepted from the file: anything shorter is guessable, or a truncated paste. */
const MIN_TOKEN_LENGTH = 16;
const ROTATE = "mcpgw gateway token --rotate";

/**
 * The stored owner token in `file`, made (mode 0600) when there is none yet. A file that cannot
 * be read or holds no token is an error naming the file, and is left as it is.
 * @example
 * const token = await loadStoredToken(resolveHome().authTokenFile);
 */
export async function loadStoredToken(file: string): Promise<string> {
  const existing = await readStoredToken(file);
  if (existing !== undefined) return existing;
  // Another process may have made it between the read and the lock: read again while holding it.
  return withFileLock(file, async () => {
    const made = await readStoredToken(file);
    if (made !== undefined) return made;
    const token = randomToken();
    await writeToken(file, token);
    return token;
  });
}

/**
 * Replaces the stored token with a new random one (atomically, mode 0600) and returns it.
 * Clients holding the old token are refused from the gateway's next start.
 */
export async function rotateStoredToken(file: string): Promise<string> {
  return withFileLock(file, async () => {
    const token = randomToken();
    await writeToken(file, token);
    return token;
  });
}

/** The token the file holds, or undefined when there is no file. */
async function readStoredToken(file: string): Promise<string | undefined> {
  let text: string | undefined;
  try {
    text = await readFileIfExists(file);
  } catch (error) {
    throw new GatewayError(ErrorCode.IO, `cannot read the gateway token file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
      suggestion: `make it readable by this user, or run \`${ROTATE}\` to write a new token`,
    });
  }
  if (text === undefined) return undefined;
  // One line, as an editor or `echo` leaves it.
  const token = text.replace(/\r?\n$/, "");
  const problem = tokenProblem(token);
  if (problem !== undefined) {
    // The file's content is never quoted: it may be a token after all.
    throw new GatewayError(ErrorCode.CONFIG_INVALID, `the gateway token file ${file} ${problem}; it was left as it is`, {
      suggestion: `run \`${ROTATE}\` to replace it with a new token (clients then need the new one), or set MCPGW_AUTH_TOKEN`,
    });
  }
  return token;
}

/** Why `token` cannot be a bearer token, or undefined when it can. */
function tokenProblem(token: string): string | undefined {
  if (token.trim() === "") return "is empty";
  if (/\s/.test(token)) return "holds blanks or more than one line, which an HTTP header cannot carry";
  if (!/^[\x21-\x7e]+$/.test(token)) return "holds characters an HTTP header cannot carry";
  if (token.length < MIN_TOKEN_LENGTH) return `holds a token shorter than ${MIN_TOKEN_LENGTH} characters`;
  return undefined;
}

function writeToken(file: string, token: string): Promise<void> {
  return writeFileAtomic(file, `${token}\n`, { mode: 0o600 });
}
