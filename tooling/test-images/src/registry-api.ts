// Writing to a registry through its HTTP API (distribution's v2 API), as cosign and other
// clients do: blobs by a monolithic upload, manifests by tag. A registry with token auth sends
// a bearer challenge, answered with a pull-and-push token from its realm.
import { createHash } from "node:crypto";

const tokens = new Map<string, string>();

/** `fetch` for a repository's API: on a bearer challenge, once more with a token for pull and push. */
async function registryFetch(repository: string, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const origin = new URL(url).origin;
  const send = (token?: string) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const response = await send(tokens.get(`${origin} ${repository}`));
  const challenge = response.headers.get("www-authenticate") ?? "";
  if (response.status !== 401 || !/^bearer /i.test(challenge)) return response;
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]));
  const realm = new URL(params.realm!);
  if (params.service) realm.searchParams.set("service", params.service);
  realm.searchParams.set("scope", `repository:${repository}:pull,push`);
  const answer = (await (await fetch(realm)).json()) as { token?: string };
  if (!answer.token) throw new Error(`the registry's token server gave no token for ${repository}`);
  tokens.set(`${origin} ${repository}`, answer.token);
  return send(answer.token);
}

/** `sha256:<hex>` of some bytes, the way registries name content. */
export function contentDigest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Uploads a blob to `repository` (`POST /v2/<repo>/blobs/uploads/`, then `PUT` to the upload's
 * location with its digest); resolves with the digest.
 */
export async function pushBlob(registryUrl: string, repository: string, bytes: Uint8Array): Promise<string> {
  const digest = contentDigest(bytes);
  const started = await registryFetch(repository, `${registryUrl}/v2/${repository}/blobs/uploads/`, { method: "POST" });
  const location = started.headers.get("location");
  if (started.status !== 202 || !location) throw new Error(`starting an upload to ${repository} answered ${started.status}: ${await started.text()}`);
  const url = new URL(location, registryUrl);
  url.searchParams.set("digest", digest);
  const put = await registryFetch(repository, url, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body: bytes });
  if (put.status !== 201) throw new Error(`uploading blob ${digest} to ${repository} answered ${put.status}: ${await put.text()}`);
  return digest;
}

/** Puts a manifest at a tag or digest of `repository`; resolves with the digest the registry reports. */
export async function pushManifest(registryUrl: string, repository: string, reference: string, manifest: Uint8Array, mediaType: string): Promise<string> {
  const response = await registryFetch(repository, `${registryUrl}/v2/${repository}/manifests/${reference}`, { method: "PUT", headers: { "content-type": mediaType }, body: manifest });
  if (response.status !== 201) throw new Error(`putting manifest ${reference} of ${repository} answered ${response.status}: ${await response.text()}`);
  return response.headers.get("docker-content-digest") ?? contentDigest(manifest);
}

/** The manifest at a tag or digest of `repository`, parsed; undefined when there is none. */
export async function fetchManifest(registryUrl: string, repository: string, reference: string, mediaType: string): Promise<unknown> {
  const response = await registryFetch(repository, `${registryUrl}/v2/${repository}/manifests/${reference}`, { headers: { accept: mediaType } });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`getting manifest ${reference} of ${repository} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
