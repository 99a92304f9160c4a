// A small client of the OCI distribution API (registry HTTP API v2): manifests and blobs of a
// repository, read anonymously, with the bearer token most registries (Docker Hub among them)
// hand out through their `WWW-Authenticate` challenge. Everything read by digest is checked
// against it: the registry is not trusted to serve what was asked.
import { createHash } from "node:crypto";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import type { RegistryRepository } from "./pinned-image.js";

/** The manifest media types asked for: OCI and Docker, single images and indexes (lists). */
export const MANIFEST_MEDIA_TYPES = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
] as const;

/** A descriptor of a manifest: a blob or a manifest by digest, with its size and annotations. */
export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** A manifest as read: its bytes' digest, its media type and what it lists. */
export interface Manifest {
  digest: string;
  mediaType: string;
  /** An image manifest's layers. */
  layers: Descriptor[];
  /** An index's manifests. */
  manifests: Descriptor[];
}

export interface DistributionClientOptions {
  /** Longest one request may take; default 30 s. */
  timeoutMs?: number;
  /** Most bytes of a manifest or blob read; default 4 MiB (signatures are a few hundred bytes). */
  maxBytes?: number;
}

/** Reads manifests and blobs of repositories; one bearer token per registry and repository is kept. */
export interface DistributionClient {
  /** The manifest at a tag or digest; undefined when the registry has none (404). */
  manifest(repository: RegistryRepository, reference: string): Promise<Manifest | undefined>;
  /** A blob's bytes, checked against its digest. */
  blob(repository: RegistryRepository, digest: string): Promise<Buffer>;
}

/** Creates a client of the distribution API; see {@link DistributionClient}. */
export function createDistributionClient(options: DistributionClientOptions = {}): DistributionClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 4 * 1024 ** 2;
  const tokens = new Map<string, Promise<string>>();

  const get = async (repository: RegistryRepository, what: string, url: string, accept?: string): Promise<Response | undefined> => {
    const scope = `repository:${repository.path}:pull`;
    const tokenKey = `${repository.baseUrl} ${scope}`;
    const send = (token?: string) =>
      fetchFrom(repository, what, url, timeoutMs, {
        ...(accept ? { accept } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      });
    const held = tokens.get(tokenKey);
    let response = await send(held ? await held.catch(() => undefined) : undefined);
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get("www-authenticate"));
      await response.body?.cancel();
      if (!challenge) throw unavailable(repository, `${what}: the registry wants credentials (${response.headers.get("www-authenticate") ?? "no challenge"}); only anonymous pulls are supported`);
      const token = fetchToken(repository, challenge, scope, timeoutMs);
      tokens.set(tokenKey, token);
      token.catch(() => tokens.delete(tokenKey));
      response = await send(await token);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw unavailable(repository, `${what}: the registry answered ${response.status}${await registryMessage(response)}`);
    return response;
  };

  return {
    async manifest(repository, reference) {
      const what = `manifest ${reference}`;
      const response = await get(repository, what, `${repository.baseUrl}/v2/${repository.path}/manifests/${reference}`, MANIFEST_MEDIA_TYPES.join(", "));
      if (!response) return undefined;
      const bytes = await readLimited(response, maxBytes, repository, what);
      const digest = sha256(bytes);
      // By digest the bytes must be those; by tag the registry's own digest header must match them.
      const expected = reference.startsWith("sha256:") ? reference : response.headers.get("docker-content-digest");
      if (expected && expected !== digest) throw unavailable(repository, `${what}: the registry sent content whose digest is ${digest}, not ${expected}`);
      return parseManifest(bytes, digest, response.headers.get("content-type"), repository, what);
    },
    async blob(repository, digest) {
      const what = `blob ${digest}`;
      const response = await get(repository, what, `${repository.baseUrl}/v2/${repository.path}/blobs/${digest}`);
      if (!response) throw unavailable(repository, `${what}: the registry has no such blob`);
      const bytes = await readLimited(response, maxBytes, repository, what);
      if (sha256(bytes) !== digest) throw unavailable(repository, `${what}: the registry sent content whose digest is ${sha256(bytes)}`);
      return bytes;
    },
  };
}

interface Challenge {
  realm: string;
  service?: string;
  scope?: string;
}

/** `Bearer realm="…",service="…",scope="…"`; undefined for any other scheme. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const [, name, quoted, bare] of header.slice(6).matchAll(/([a-zA-Z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) params[name!.toLowerCase()] = quoted ?? bare ?? "";
  if (!params.realm || !/^https?:\/\//.test(params.realm)) return undefined;
  return { realm: params.realm, ...(params.service ? { service: params.service } : {}), ...(params.scope ? { scope: params.scope } : {}) };
}

/** An anonymous token for `scope` from the challenge's realm (`token`, or OAuth's `access_token`). */
async function fetchToken(repository: RegistryRepository, challenge: Challenge, scope: string, timeoutMs: number): Promise<string> {
  const url = new URL(challenge.realm);
  if (challenge.service) url.searchParams.set("service", challenge.service);
  url.searchParams.set("scope", scope);
  const response = await fetchFrom(repository, "a pull token", url.href, timeoutMs, {});
  if (!response.ok) throw unavailable(repository, `a pull token from ${url.origin}${url.pathname}: answered ${response.status}${await registryMessage(response)}`);
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
  const token = typeof body.token === "string" ? body.token : body.access_token;
  if (typeof token !== "string" || token === "") throw unavailable(repository, `a pull token from ${url.origin}${url.pathname}: the answer holds no token`);
  return token;
}

async function fetchFrom(repository: RegistryRepository, what: string, url: string, timeoutMs: number, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : cause ?? (error as Error).message;
    throw unavailable(repository, `${what}: the registry could not be reached (${reason})`, error);
  }
}

/** The registry's own words for an error (`{"errors":[{"message":…}]}`), when it says any. */
async function registryMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { errors?: { code?: string; message?: string }[] } | undefined;
  const first = body?.errors?.[0];
  return first ? `: ${[first.code, first.message].filter(Boolean).join(" ")}` : "";
}

async function readLimited(response: Response, maxBytes: number, repository: RegistryRepository, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  const tooLarge = () => unavailable(repository, `${what}: larger than the ${maxBytes} bytes read of it`);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function parseManifest(bytes: Buffer, digest: string, contentType: string | null, repository: RegistryRepository, what: string): Manifest {
  let json: { mediaType?: unknown; layers?: unknown; manifests?: unknown };
  try {
    json = JSON.parse(bytes.toString("utf8")) as typeof json;
  } catch {
    throw unavailable(repository, `${what}: not JSON`);
  }
  const descriptors = (value: unknown): Descriptor[] => (Array.isArray(value) ? value.filter(isDescriptor) : []);
  const mediaType = typeof json.mediaType === "string" ? json.mediaType : (contentType?.split(";")[0]?.trim() ?? "");
  return { digest, mediaType, layers: descriptors(json.layers), manifests: descriptors(json.manifests) };
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Partial<Descriptor> | null;
  return typeof d?.digest === "string" && typeof d.size === "number";
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function unavailable(repository: RegistryRepository, what: string, cause?: unknown): GatewayError {
  return new GatewayError(ErrorCode.IMAGE_UNAVAILABLE, `registry ${repository.registry}, repository ${repository.path}: ${what}`, {
    ...(cause === undefined ? {} : { cause }),
    data: { registry: repository.registry, repository: repository.path },
  });
}
