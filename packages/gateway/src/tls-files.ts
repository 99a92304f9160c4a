// The certificate and key an HTTPS gateway serves (`--tls-cert/--tls-key`, MCPGW_TLS_CERT/KEY):
// loaded and checked at start, and again whenever their folders change, so that a renewal tool
// (certbot's symlink swap, cert-manager's `..data` rename, two plain writes) is picked up
// without a restart. The key's content never reaches a message or a log line.
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createSecureContext } from "node:tls";
import type { Logger } from "@mcpgw/core";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { TlsMaterial } from "@mcpgw/transports/http";
import { watchFiles } from "./watch-files.js";

/** The files HTTPS is served with (`--tls-cert`, `--tls-key`). */
export interface TlsFiles {
  /** PEM certificate, followed by its intermediates when there are any (certbot's `fullchain.pem`). */
  certFile: string;
  /** PEM private key, unencrypted. */
  keyFile: string;
}

/** A certificate and key that load and belong together, with what may be told about them. */
export interface LoadedTls {
  material: TlsMaterial;
  /** The certificate's subject, e.g. `CN=mcp.example.com`. */
  subject: string;
  /** When it expires, as an ISO date. */
  validTo: string;
}

/** The pair an HTTPS gateway serves, as loaded at start: its files (absolute) and their content. */
export interface ServedTls {
  files: TlsFiles;
  loaded: LoadedTls;
}

/**
 * The pair `tls` names (relative paths from `cwd`), loaded and checked before anything starts;
 * none when not given. Refused for stdio, which has no connection to encrypt.
 */
export async function loadServedTls(tls: TlsFiles | undefined, transport: string, cwd: string): Promise<ServedTls | undefined> {
  if (tls === undefined) return undefined;
  if (transport === "stdio") {
    throw new GatewayError(ErrorCode.INVALID_ARGUMENT, "a TLS certificate and key (--tls-cert, --tls-key) are for HTTPS: stdio has no connection to encrypt", {
      suggestion: "add --transport streaming (or sse), or leave out --tls-cert and --tls-key",
    });
  }
  const files = { certFile: resolve(cwd, tls.certFile), keyFile: resolve(cwd, tls.keyFile) };
  return { files, loaded: await loadTlsFiles(files) };
}

/**
 * Reads and checks the pair: each file is there and holds PEM, the key is the certificate's,
 * and TLS can serve them. A failure is a `GatewayError` naming the file at fault.
 */
export async function loadTlsFiles(files: TlsFiles): Promise<LoadedTls> {
  return checkTls(files, await readTls(files));
}

/**
 * Loads the pair again whenever something changes in either file's folder, and hands a pair
 * that loads and differs from the one served to `apply`. A pair that does not load (a renewal
 * half done) is told once and the served one kept. Returns the function that stops watching.
 */
export function watchTlsFiles(files: TlsFiles, served: LoadedTls, apply: (next: LoadedTls) => void, logger: Logger): () => void {
  let servedDigest = digest(served.material.cert, served.material.key);
  // The last problem told (a reason, or the digest of a pair that failed its checks): a change in
  // those folders that leaves things as they were (another file, a swap failing the same way)
  // is not told twice.
  let told: string | undefined;
  const tell = (what: string, reason: string) => {
    if (what === told) return;
    told = what;
    logger.warn("TLS certificate not reloaded: still serving the previous one", { error: reason });
  };
  const reload = async () => {
    let read: TlsMaterial;
    try {
      read = await readTls(files);
    } catch (error) {
      return tell((error as Error).message, (error as Error).message);
    }
    const now = digest(read.cert, read.key);
    if (now === servedDigest) return void (told = undefined);
    if (now === told) return;
    try {
      const next = checkTls(files, read);
      apply(next);
      servedDigest = now;
      told = undefined;
      logger.info("TLS certificate reloaded: new connections get it", { subject: next.subject, validTo: next.validTo, cert: files.certFile });
      warnIfExpired(next, logger);
    } catch (error) {
      tell(now, (error as Error).message);
    }
  };
  let queue = Promise.resolve();
  // Folders, not file names: a Kubernetes secret volume swaps a `..data` symlink and never
  // touches the names the files are read by.
  return watchFiles([], [...new Set([dirname(files.certFile), dirname(files.keyFile)])], () => {
    queue = queue.then(reload);
  });
}

/** Logs a warning when the certificate is already past its end: clients will refuse it. */
export function warnIfExpired(tls: LoadedTls, logger: Logger): void {
  if (Date.parse(tls.validTo) <= Date.now()) logger.warn("the TLS certificate has expired: clients will refuse it", { subject: tls.subject, validTo: tls.validTo });
}

async function readTls(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readTlsFile(files.certFile, "certificate"), readTlsFile(files.keyFile, "key")]);
  return { cert, key };
}

async function readTlsFile(file: string, what: "certificate" | "key"): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GatewayError(ErrorCode.NOT_FOUND, `the TLS ${what} file ${file} does not exist`, { data: { file } });
    throw new GatewayError(ErrorCode.IO, `the TLS ${what} file ${file} cannot be read (${code ?? (error as Error).message})`, { data: { file } });
  }
}

function checkTls(files: TlsFiles, material: TlsMaterial): LoadedTls {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(material.cert);
  } catch {
    throw invalid(`the TLS certificate file ${files.certFile} holds no PEM certificate`, files.certFile);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(material.key);
  } catch {
    // OpenSSL's own reason is left out: it may quote the file.
    throw invalid(`the TLS key file ${files.keyFile} holds no PEM private key (an encrypted key is not read: decrypt it first)`, files.keyFile);
  }
  if (!certificate.checkPrivateKey(key)) throw invalid(`the TLS key file ${files.keyFile} is not the key of the certificate in ${files.certFile}`, files.keyFile);
  try {
    createSecureContext({ cert: material.cert, key: material.key });
  } catch (error) {
    throw invalid(`the TLS certificate ${files.certFile} and key ${files.keyFile} cannot be served: ${(error as { reason?: string }).reason ?? "OpenSSL refused them"}`, files.certFile);
  }
  return { material, subject: certificate.subject.replaceAll("\n", ", "), validTo: new Date(certificate.validTo).toISOString() };
}

function invalid(message: string, file: string): GatewayError {
  return new GatewayError(ErrorCode.INVALID_ARGUMENT, message, { data: { file }, suggestion: "give --tls-cert (MCPGW_TLS_CERT) a PEM certificate and --tls-key (MCPGW_TLS_KEY) its unencrypted PEM key" });
}

function digest(cert: string | Buffer, key: string | Buffer): string {
  return createHash("sha256").update(cert).update("\0").update(key).digest("hex");
}
