// Docker's profiles (its code calls them working sets) as `docker mcp profile export` writes
// them, YAML or JSON, format version 1:
//
//   version: 1
//   id: dev-tools                 # the profile's id: what it is imported as by default
//   name: Dev Tools               # a display name
//   servers:
//     - type: image               # image | registry | remote
//       image: mcp/github@sha256:…
//       config: {timeout: 30}     # per-server values, keys without the server's name
//       secrets: default          # a key of `secrets:` below
//       tools: [get_me]           # absent: every tool; []: none
//       snapshot: {server: {name: github, …}}   # the catalog entry Docker resolved
//     - type: registry
//       source: https://registry.modelcontextprotocol.io/v0/servers/<id>/versions/<v>
//     - type: remote
//       endpoint: https://mcp.example.com/mcp
//   secrets: {default: {provider: docker-desktop-store}}
//
// Each entry maps to the catalog server that runs the same image (tag and digest aside) or
// serves the same URL; what does not map is reported with the reason.
import type { LayeredCatalog, LayeredServer } from "@mcpgw/catalog";
import type { Diagnostic } from "@mcpgw/core";
import { imageRepositoryKey, parseImageReference } from "@mcpgw/core";
import type { Parsed } from "@mcpgw/user-files";
import { parseUserYaml } from "@mcpgw/user-files";
import { z } from "zod";
import type { ProfileContent, ProfileServer } from "./profile-file.js";
import { toolEntryProblem } from "./profile-file.js";

// Fields of the snapshot (a whole catalog entry) other than these are free-form.
const SnapshotSchema = z
  .object({
    server: z
      .object({ name: z.string().optional(), image: z.string().optional(), remote: z.object({ url: z.string().optional() }).catchall(z.any()).nullish() })
      .catchall(z.any())
      .nullish(),
  })
  .catchall(z.any());

const DockerServerSchema = z.object({
  type: z.string(),
  image: z.string().optional(),
  source: z.string().optional(),
  endpoint: z.string().optional(),
  config: z.record(z.string(), z.unknown()).nullish(),
  secrets: z.string().nullish(),
  tools: z.array(z.string()).nullish(),
  snapshot: SnapshotSchema.nullish(),
  policy: z.unknown().optional(),
});

/** Docker's profile file, version 1. */
export const DockerWorkingSetSchema = z.object({
  version: z.literal(1, "this reads version 1 of Docker's profile format"),
  id: z.string().optional(),
  name: z.string().optional(),
  servers: z.array(DockerServerSchema).nullish(),
  secrets: z.record(z.string(), z.unknown()).nullish(),
  policy: z.unknown().optional(),
});

type DockerServer = z.output<typeof DockerServerSchema>;

/** A Docker profile read for import: mcpgw's profile, and what of the file did not make it. */
export interface DockerImport {
  /** Docker's id of the profile: the name it is imported as unless another is given. */
  id?: string;
  /** Docker's display name. */
  displayName?: string;
  content: ProfileContent;
  /** The entries of `servers:` that map, by position (from 1) and what they were. */
  mapped: { entry: number; from: string; server: string }[];
  /** The entries that do not, and why. */
  unmapped: { entry: number; from: string; reason: string }[];
  /** What is not carried over from mapped entries and the rest of the file. */
  notes: string[];
}

/**
 * Reads Docker's profile export (`docker mcp profile export`, YAML or JSON) against the catalogs:
 * an image entry becomes the catalog server with that image (tag and digest aside), a remote
 * entry the one with that URL, a registry entry the one with its snapshot's image; tools and
 * config come along. Entries that match no server, or several that its snapshot's name does not
 * tell apart, are reported in `unmapped` with the reason.
 */
export function importDockerWorkingSet(text: string, catalog: LayeredCatalog, file = "<docker profile>"): Parsed<DockerImport> {
  const parsed = parseUserYaml(text, file, DockerWorkingSetSchema, { empty: { version: 1 } as z.output<typeof DockerWorkingSetSchema> });
  if (!parsed.ok) return parsed;
  const set = parsed.value.value;
  const result: DockerImport = {
    ...(set.id ? { id: set.id } : {}),
    ...(set.name ? { displayName: set.name } : {}),
    content: { servers: {} },
    mapped: [],
    unmapped: [],
    notes: [],
  };
  const index = catalogIndex(catalog);
  const warnings: Diagnostic[] = [...parsed.warnings];
  let secretRefs = false;
  (set.servers ?? []).forEach((server, i) => {
    const entry = i + 1;
    const from = describeEntry(server);
    const found = findServer(server, index, catalog);
    if ("reason" in found) {
      result.unmapped.push({ entry, from, reason: found.reason });
      return;
    }
    const earlier = result.mapped.find((m) => m.server === found.server);
    if (earlier) {
      result.unmapped.push({ entry, from, reason: `the same server as entry ${earlier.entry} ("${found.server}")` });
      return;
    }
    if (found.note) result.notes.push(`entry ${entry}: ${found.note}`);
    result.content.servers[found.server] = profileServer(server, entry, result.notes);
    result.mapped.push({ entry, from, server: found.server });
    if (server.secrets) secretRefs = true;
    if (server.policy !== undefined) result.notes.push(`entry ${entry}: its policy decision is Docker's own and is not carried over`);
  });
  if (secretRefs || Object.keys(set.secrets ?? {}).length > 0) {
    result.notes.push("secrets: Docker's secret store settings are not carried over; mcpgw reads secrets from its chain (`mcpgw secret set`, `--secrets`)");
  }
  if (set.policy !== undefined) result.notes.push("policy: Docker's policy decision is not carried over; mcpgw's is policy.yaml");
  return { ok: true, value: result, warnings };
}

/** The profile's entry for a mapped server: its tools and config, where Docker's entry has them. */
function profileServer(server: DockerServer, entry: number, notes: string[]): ProfileServer {
  const out: ProfileServer = {};
  if (server.tools) {
    const bad = server.tools.filter((t) => toolEntryProblem(t) !== undefined);
    if (bad.length > 0) notes.push(`entry ${entry}: tools ${bad.map((t) => `"${t}"`).join(", ")} are not tool names and were left out`);
    out.tools = server.tools.filter((t) => toolEntryProblem(t) === undefined);
  }
  if (server.config && Object.keys(server.config).length > 0) out.config = server.config;
  return out;
}

/** How an entry is named in the report: its kind and reference, and its snapshot's name. */
function describeEntry(server: DockerServer): string {
  const reference = server.image ?? server.endpoint ?? server.source ?? "";
  const name = server.snapshot?.server?.name;
  return `${server.type}${reference ? ` ${reference}` : ""}${name ? ` (${name})` : ""}`;
}

interface CatalogIndex {
  byImage: Map<string, string[]>;
  byUrl: Map<string, string[]>;
}

function catalogIndex(catalog: LayeredCatalog): CatalogIndex {
  const byImage = new Map<string, string[]>();
  const byUrl = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, server: LayeredServer) => map.set(key, [...(map.get(key) ?? []), server.name]);
  for (const server of catalog.servers) {
    if (server.entry.image) add(byImage, imageRepositoryKey(server.entry.image), server);
    const url = server.entry.remote?.url ?? server.entry.sseEndpoint;
    if (url) add(byUrl, urlKey(url), server);
  }
  return { byImage, byUrl };
}

type Found = { server: string; note?: string } | { reason: string };

function findServer(server: DockerServer, index: CatalogIndex, catalog: LayeredCatalog): Found {
  const name = server.snapshot?.server?.name ?? undefined;
  switch (server.type) {
    case "image":
      if (!server.image) return { reason: "an image entry with no image" };
      return pick(index.byImage.get(imageRepositoryKey(server.image)), name, `image ${imageRepository(server.image)}`, catalog);
    case "remote":
      if (!server.endpoint) return { reason: "a remote entry with no endpoint" };
      return pick(index.byUrl.get(urlKey(server.endpoint)), name, `URL ${server.endpoint}`, catalog);
    case "registry": {
      const image = server.snapshot?.server?.image;
      if (!image) return { reason: "an MCP Registry reference with no image in its snapshot: mcpgw's catalogs do not read the MCP Registry" };
      return pick(index.byImage.get(imageRepositoryKey(image)), name, `image ${imageRepository(image)} (from its snapshot)`, catalog);
    }
    default:
      return { reason: `type "${server.type}" is none of Docker's (image, registry, remote)` };
  }
}

/** The one candidate, or the one the snapshot's name picks among several; otherwise why not. */
function pick(candidates: readonly string[] | undefined, name: string | undefined, what: string, catalog: LayeredCatalog): Found {
  if (!candidates || candidates.length === 0) {
    const named = name === undefined ? undefined : catalog.byName.get(name);
    const hint = named ? ` (the catalogs' "${name}" runs ${named.entry.image ?? named.entry.remote?.url ?? "something else"})` : "";
    return { reason: `no catalog server has ${what}${hint}` };
  }
  if (candidates.length === 1) return { server: candidates[0]! };
  const list = candidates.join(", ");
  if (name !== undefined && candidates.includes(name)) return { server: name, note: `${what} is in several catalog servers (${list}); took "${name}", the name Docker's entry gives` };
  return { reason: `several catalog servers have ${what} (${list}): add the one meant with \`mcpgw profile server add\`` };
}

function imageRepository(image: string): string {
  const reference = parseImageReference(image);
  return reference ? `${reference.domain ? `${reference.domain}/` : ""}${reference.path}` : image;
}

function urlKey(url: string): string {
  return url.trim().replace(/\/+$/, "");
}
