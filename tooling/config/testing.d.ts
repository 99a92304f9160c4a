/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export function freePort(): Promise<number>;

/**
 * The import cycles among a package's source files (tests left out), type-only imports
 * included. Each cycle is listed once, as paths relative to `srcDir`.
 */
export function importCycles(srcDir: string): string[][];

/**
 * A free TCP port on 127.0.0.1 below the kernel's ephemeral range, which bind(0) and outgoing
 * connections draw from: it stays free until a program asks for it by number. For a server that
 * starts slowly or comes back on the same port, and for "nothing listens there".
 */
export function stablePort(): Promise<number>;

/** `promise`, or a rejection naming `what` after `timeoutMs` (30 s unless told): no wait in a test is unbounded. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs?: number): Promise<T>;

/** A server certificate issued by a {@link TestCa}, with its files and PEM text. */
export interface TestCertificate {
  /** Its subject's common name, also the files' base name. */
  name: string;
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  /** As `tls.TLSSocket.getPeerCertificate().fingerprint256` reports it. */
  fingerprint256: string;
}

/** A throwaway certificate authority: trust `cert` in a client, serve what `issue` makes. */
export interface TestCa {
  certFile: string;
  cert: string;
  /** A new certificate and key for 127.0.0.1, ::1 and localhost, named `name`, in the CA's folder. */
  issue(name: string): Promise<TestCertificate>;
}

/** A certificate authority in `dir`, made with the openssl CLI, for tests that serve HTTPS. */
export function createTestCa(dir: string): Promise<TestCa>;

/** The value of one series in Prometheus' text format (the first whose labels include `labels`), or undefined. */
export function metricSample(text: string, name: string, labels?: Record<string, string>): number | undefined;
