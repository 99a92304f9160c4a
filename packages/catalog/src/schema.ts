import { z } from "zod";
import { SHARING_MODES } from "@mcpgw/core";

// Schemas of Docker MCP Gateway's catalog files, read as-is. Objects are loose: fields we do
// not know are kept (and warned about), never dropped when a file is rewritten. Objects whose
// catchall is `any` are free-form by design (JSON-Schema fragments, metadata).

/** This module, whose code is part of what a cached read depends on (parse-cache.ts). */
export const SCHEMA_MODULE = import.meta.url;

/** Server names, as Docker's catalogs use them: they become parts of tool names and labels. */
export const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const open = () => z.object({}).catchall(z.any());

// Fields that Docker's catalog generator writes for its UI and Docker's gateway never reads.
// Docker's gateway accepts any value there, so we do too: a catalog it loads must load here.
const informational = () => z.unknown().optional();

export const EnvEntrySchema = z.looseObject({
  name: z.string().min(1),
  /** May hold `{{server.key}}` templates. */
  value: z.string().optional(),
});

export const SecretEntrySchema = z.looseObject({
  /** The secret's name in the provider chain, e.g. `github.personal_access_token`. */
  name: z.string().min(1),
  /** The environment variable the server reads it from. */
  env: z.string().min(1),
  /** mcpgw: false makes a missing value a warning instead of an error. */
  required: z.boolean().optional(),
  description: informational(),
  example: informational(),
});

export const ToolArgumentSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().optional(),
  desc: z.string().optional(),
  /** A JSON-Schema fragment for the elements of an array argument, forwarded verbatim. */
  items: z.object({ type: z.string().optional() }).catchall(z.any()).optional(),
  optional: z.boolean().optional(),
});

/** The container a `poci` entry's tool runs per call (Docker's `container:`). */
export const ToolContainerSchema = z.looseObject({
  image: z.string().min(1).optional(),
  /** Arguments for the image's entrypoint; `{{argument}}` templates take the call's arguments. */
  command: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  user: z.string().optional(),
});

export const ToolEntrySchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  arguments: z.array(ToolArgumentSchema).optional(),
  annotations: open().optional(),
  /** mcpgw: the tool's JSON Schema verbatim, preferred over `arguments` when both are given. */
  inputSchema: open().optional(),
  container: ToolContainerSchema.optional(),
  parameters: open().optional(),
  policy: open().optional(),
});

export const RemoteSchema = z.looseObject({
  url: z.string().optional(),
  transport_type: z.enum(["streamable-http", "http", "streaming", "sse"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const OAuthSchema = z.looseObject({
  providers: z
    .array(
      z.looseObject({
        provider: z.string(),
        secret: z.string().optional(),
        env: z.string().optional(),
        /** mcpgw: the issuer of the provider's authorization server (a provider has no MCP URL to discover it from). */
        issuer: z.string().refine((value) => URL.canParse(value), "an issuer URL, such as https://auth.example").optional(),
      }),
    )
    .optional(),
  scopes: z.array(z.string()).optional(),
  /** mcpgw: a client registered with the authorization server beforehand; `secret` names a secret of the chain. */
  client: z.looseObject({ id: z.string().min(1), secret: z.string().min(1).optional() }).optional(),
});

/** One item of an entry's `config:` list: a JSON-Schema-like description of a config object. */
export const ConfigItemSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    type: z.string().optional(),
    properties: z.record(z.string(), open()).optional(),
    required: z.array(z.string()).optional(),
  })
  .catchall(z.any());

const SIZE = z.union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*([kmgt]i?b?|b)?$/i, "a size such as 512M or 2Gb")]);
const CPUS = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/, "a number of CPUs such as 0.5").transform(Number)]);

/** Docker's `resources.limits`: `memory` a size, `cpus` (or `cpu`) a number, written as a number or a string. */
export const DockerLimitsSchema = z.looseObject({ memory: SIZE.optional(), cpus: CPUS.optional(), cpu: CPUS.optional() });

/** mcpgw: how a `type: process` server is launched. */
export const ProcessSchema = z.looseObject({
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  cwd: z.string().optional(),
});

export const SERVER_TYPES = ["server", "remote", "poci", "process"] as const;

export const ServerEntrySchema = z
  .looseObject({
    name: z.string().optional(),
    /** Docker's `server` (an image), `remote`, `poci`; mcpgw adds `process`. Inferred when absent. */
    type: z.enum(SERVER_TYPES).optional(),
    image: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    icon: z.string().optional(),
    readme: z.string().optional(),
    longLived: z.boolean().optional(),
    remote: RemoteSchema.optional(),
    sseEndpoint: z.string().optional(),
    oauth: OAuthSchema.optional(),
    secrets: z.array(SecretEntrySchema).optional(),
    env: z.array(EnvEntrySchema).optional(),
    command: z.array(z.string()).optional(),
    volumes: z.array(z.string()).optional(),
    user: z.string().optional(),
    disableNetwork: z.boolean().optional(),
    allowHosts: z.array(z.string()).optional(),
    extraHosts: z.array(z.string()).optional(),
    tools: z.array(ToolEntrySchema).optional(),
    config: z.array(ConfigItemSchema).optional(),
    prefix: z.string().optional(),
    metadata: open().optional(),
    policy: open().optional(),
    dateAdded: informational(),
    ref: informational(),
    toolsUrl: informational(),
    source: informational(),
    upstream: informational(),
    prompts: informational(),
    /** Docker's articles' form of container limits, `{limits: {memory: 512M, cpus: 0.5}}`; anything else is informational. */
    resources: z.union([z.looseObject({ limits: DockerLimitsSchema.optional() }), z.array(z.unknown())]).optional(),
    /** mcpgw: the command of a `type: process` server. */
    process: ProcessSchema.optional(),
    /** mcpgw: resource limits of this server's container, over the gateway's defaults. */
    limits: z
      .looseObject({
        cpus: z.number().positive().optional(),
        /** Bytes, or a size such as `512Mb`, `2Gb`. */
        memory: SIZE.optional(),
        pids: z.number().int().positive().optional(),
      })
      .optional(),
    /** mcpgw: false lets the container write to its root filesystem (it is read-only by default). */
    readOnlyRootfs: z.boolean().optional(),
    /** mcpgw: how the upstream is shared among client sessions. */
    sharing: z.enum(SHARING_MODES).optional(),
    /**
     * mcpgw: public keys (PEM text, or a file relative to the catalog's folder) that this
     * server's images may be signed with, checked under `--verify-signatures`.
     */
    signatureKeys: z.array(z.string().min(1)).optional(),
  })
  .superRefine((entry, ctx) => {
    const type = serverType(entry);
    if (type === "server" && !entry.image) {
      ctx.addIssue({ code: "custom", path: ["image"], message: 'a server of type "server" needs an image' });
    }
    if (type === "remote" && !entry.remote?.url && !entry.sseEndpoint) {
      ctx.addIssue({ code: "custom", path: ["remote", "url"], message: 'a server of type "remote" needs remote.url' });
    }
    if (type === "process" && !entry.process) {
      ctx.addIssue({ code: "custom", path: ["process"], message: 'a server of type "process" needs process.command' });
    }
  });

export const CatalogFileSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).optional(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  // `registry:` with nothing under it is how an empty catalog is often written: read it as `{}`.
  registry: z
    .record(z.string().regex(SERVER_NAME), ServerEntrySchema, {
      error: (issue) =>
        issue.code === "invalid_key"
          ? `server name ${JSON.stringify(issue.input)} is not allowed: use letters, digits, '_', '.', '-', starting with a letter or digit`
          : undefined,
    })
    .nullish()
    .transform((registry) => registry ?? {}),
  policy: open().optional(),
});

export type ServerEntry = z.output<typeof ServerEntrySchema>;
export type CatalogFile = z.output<typeof CatalogFileSchema>;
export type ServerType = (typeof SERVER_TYPES)[number];
export type ToolEntry = z.output<typeof ToolEntrySchema>;
export type ToolContainerEntry = z.output<typeof ToolContainerSchema>;
export type ToolArgument = z.output<typeof ToolArgumentSchema>;
export type SecretEntry = z.output<typeof SecretEntrySchema>;
export type EnvEntry = z.output<typeof EnvEntrySchema>;
export type ConfigItem = z.output<typeof ConfigItemSchema>;

/** The entry's type: as written, else inferred from what it has (process, remote, image). */
export function serverType(entry: Pick<ServerEntry, "type" | "process" | "remote" | "sseEndpoint">): ServerType {
  if (entry.type) return entry.type;
  if (entry.process) return "process";
  if (entry.remote?.url || entry.sseEndpoint) return "remote";
  return "server";
}
