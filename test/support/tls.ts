// HTTPS in tests: a fetch that trusts a test CA, and the certificate a new TLS connection is
// served. Node's global fetch takes no CA of its own, so this is undici's fetch with an Agent
// that trusts the CA (besides nothing else: a certificate of another CA fails).
import { connect } from "node:tls";
import { Agent, fetch as undiciFetch } from "undici";

/** A fetch that trusts `ca`; close it to end its connections. */
export interface TrustingFetch extends AsyncDisposable {
  fetch: typeof fetch;
  close(): Promise<void>;
}

/** A fetch for clients (the SDK's `fetch` option) of a gateway serving a certificate of `ca`. */
export function trustingFetch(ca: string): TrustingFetch {
  const dispatcher = new Agent({ connect: { ca } });
  // undici's Response is the one Node's global fetch returns, under another type name.
  const trusting = ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as object), dispatcher })) as unknown as typeof fetch;
  const close = () => dispatcher.close();
  return { fetch: trusting, close, [Symbol.asyncDispose]: close };
}

/** The SHA-256 fingerprint of the certificate a new TLS connection to `url` is served; it must verify against `ca`. */
export function servedCertificate(url: string, ca: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(port), ca }, () => {
      const { fingerprint256 } = socket.getPeerCertificate();
      socket.end();
      resolve(fingerprint256);
    });
    socket.on("error", reject);
  });
}
