import { dirname, resolve as resolvePath } from "node:path";
import type { LayeredCatalog, LayeredServer, ServerEntry } from "@mcpgw/catalog";
import { serverType, toolsFromEntry } from "@mcpgw/catalog";
import { definedOnly, didYouMean, ErrorCode, GatewayError, parseSize, toGatewayError } from "@mcpgw/core";
import type { OAuthClient, OAuthEnv, ResourceLimits, SecretValue, ServerSpec, ServerSpecBase } from "@mcpgw/core";
import type { ConfigFile } from "./config-file.js";
import { validateServerConfig } from "./config-validate.js";
import { imageServerNames, imageServerSpec, isImageLike } from "./image-server.js";
import { resolveProviders } from "./oauth-providers.js";
import { toolContainersSpec } from "./poci.js";
import { readSignatureKeys } from "./signature-keys.js";
import type { RegistryFile } from "./registry-file.js";
import { renderList, renderString } from "./template.js";
import type { ToolsFile } from "./tools-file.js";
import { enabledToolsFor } from "./tools-file.js";

/** Anything that finds a secret's value by name: the secret chain fits. */
export interface SecretLookup {
  resolve(name: string): Promise<SecretValue | undefined>;
}

export interface ResolveInput {
  /** The layered catalogs: for each server name the winning entry. */
  catalog: LayeredCatalog;
  /**
   * The servers to resolve: the registry's enabled ones, or `--servers`, where a value that no
   * catalog has and that holds a `/`, `:` or `@` is an image to run as a server of its own.
   */
  servers: readonly string[];
  /** Where `servers` came from, for what an unknown name's error suggests (default the registry). */
  serversFrom?: "registry" | "flag";
  config: ConfigFile;
  tools: ToolsFile;
  secrets: SecretLookup;
  /** The registry, for what the user allowed per server (a poci entry's engine socket). */
  registry?: RegistryFile;
}

/** A problem with one server; the others resolve regardless. */
export interface ServerProblem {
  server: string;
  error: GatewayError;
}

export interface Resolution {
  specs: ServerSpec[];
  errors: ServerProblem[];
  warnings: ServerProblem[];
}

/**
 * Resolves catalogs, the enabled servers, their config, tool selection and secrets into
 * `ServerSpec`s. A server with a problem (unknown name, missing secret or config value) is left
 * out and reported with what sets it right; it never stops the others.
 */
export async function resolveServers(input: ResolveInput): Promise<Resolution> {
  const resolution: Resolution = { specs: [], errors: [], warnings: [] };
  // Only `--servers` takes images: a registry names servers of the catalogs.
  const images = input.serversFrom === "flag" ? input.servers.filter((value) => !input.catalog.byName.has(value) && isImageLike(value)) : [];
  const imageNames = imageServerNames(images, input.servers.filter((value) => !images.includes(value)));
  const results = await Promise.all(
    [...new Set(input.servers)].map((value) => {
      const name = imageNames.get(value);
      return name === undefined ? resolveOne(value, input) : resolveImage(name, value);
    }),
  );
  for (const result of results) {
    resolution.warnings.push(...result.warnings);
    if (result.errors.length > 0) resolution.errors.push(...result.errors);
    else if (result.spec) resolution.specs.push(result.spec);
  }
  return resolution;
}

function resolveImage(server: string, image: string): OneResult {
  try {
    return { spec: imageServerSpec(server, image), errors: [], warnings: [] };
  } catch (error) {
    return { errors: [{ server: image, error: toGatewayError(error) }], warnings: [] };
  }
}

interface OneResult {
  spec?: ServerSpec;
  errors: ServerProblem[];
  warnings: ServerProblem[];
}

async function resolveOne(server: string, input: ResolveInput): Promise<OneResult> {
  const errors: ServerProblem[] = [];
  const warnings: ServerProblem[] = [];
  const fail = (error: GatewayError) => errors.push({ server, error });
  const found = input.catalog.byName.get(server);
  if (!found) {
    const close = didYouMean(server, input.catalog.byName.keys());
    // A name given on the command line is a typo to fix there, not a registry entry to remove.
    fail(
      input.serversFrom === "flag"
        ? new GatewayError(ErrorCode.NOT_FOUND, `no server "${server}" in the catalogs.${close}`, {
            // A name close to none of the catalogs' may have been meant as an image.
            suggestion: `\`mcpgw catalog show\` lists the servers the catalogs offer.${close ? "" : ` An image runs as a server when given with its tag, e.g. ${server}:latest.`}`,
          })
        : new GatewayError(ErrorCode.NOT_FOUND, `server "${server}" is enabled but no catalog has it.${close}`, {
            suggestion: `mcpgw server disable ${server}`,
          }),
    );
    return { errors, warnings };
  }
  const { entry } = found;
  for (const error of validateServerConfig(server, entry.config ?? [], input.config)) fail(error);

  const providers = await resolveProviders(server, entry, input.secrets);
  for (const error of providers.warnings) warnings.push({ server, error });
  const secretEnv: Record<string, SecretValue> = {};
  for (const secret of entry.secrets ?? []) {
    const value = await input.secrets.resolve(secret.name);
    if (value) {
      secretEnv[secret.env] = value;
      continue;
    }
    // The provider's token fills that variable at each start.
    if (providers.standsIn(secret)) continue;
    const error = new GatewayError(ErrorCode.SECRET_MISSING, `server "${server}" needs secret ${secret.name} (env ${secret.env})`, {
      data: { server, secret: secret.name },
      suggestion: `mcpgw secret set ${secret.name}`,
    });
    if (secret.required === false) warnings.push({ server, error });
    else fail(error);
  }

  const oauthClientSecret = await resolveOAuthClientSecret(server, entry, input, fail);

  try {
    const spec = withOAuthEnv(withRemoteOAuth(buildSpec(server, found, input, secretEnv), entry, oauthClientSecret), entry, oauthClientSecret, providers.oauthEnv);
    return { spec: await withSignatureKeys(spec, server, found), errors, warnings };
  } catch (error) {
    fail(toGatewayError(error));
    return { errors, warnings };
  }
}

/** A container spec with the public keys its catalog entry's `signatureKeys` give (files read, relative to the catalog). */
async function withSignatureKeys(spec: ServerSpec, server: string, found: LayeredServer): Promise<ServerSpec> {
  const values = found.entry.signatureKeys;
  if ((spec.kind !== "docker" && spec.kind !== "poci") || !values || values.length === 0) return spec;
  const { file } = found.source;
  const signatureKeys = await readSignatureKeys(values, { from: `catalog ${file}, server "${server}", signatureKeys`, baseDir: dirname(resolvePath(file)), code: ErrorCode.CONFIG_INVALID });
  return { ...spec, signatureKeys };
}

/** The secret of a pre-registered OAuth client (`oauth.client.secret` names it), resolved from the chain. */
async function resolveOAuthClientSecret(server: string, entry: ServerEntry, input: ResolveInput, fail: (error: GatewayError) => void): Promise<SecretValue | undefined> {
  const name = entry.oauth?.client?.secret;
  if (name === undefined) return undefined;
  const value = await input.secrets.resolve(name);
  if (!value) {
    fail(
      new GatewayError(ErrorCode.SECRET_MISSING, `server "${server}" needs secret ${name} (the secret of its OAuth client)`, {
        data: { server, secret: name },
        suggestion: `mcpgw secret set ${name}`,
      }),
    );
  }
  return value;
}

/** A remote spec with its catalog's `oauth:` scopes and pre-registered client; other specs as they are. */
function withRemoteOAuth(spec: ServerSpec, entry: ServerEntry, clientSecret: SecretValue | undefined): ServerSpec {
  const oauth = entry.oauth;
  if (spec.kind !== "remote" || !oauth || (oauth.scopes === undefined && oauth.client === undefined)) return spec;
  const client = catalogClient(entry, clientSecret);
  return {
    ...spec,
    oauth: {
      ...(oauth.scopes && oauth.scopes.length > 0 ? { scopes: oauth.scopes } : {}),
      ...(client ? { client } : {}),
    },
  };
}

/** A container or process spec with the providers whose tokens it gets as environment, and the catalog's pre-registered client. */
function withOAuthEnv(spec: ServerSpec, entry: ServerEntry, clientSecret: SecretValue | undefined, oauthEnv: OAuthEnv[]): ServerSpec {
  if ((spec.kind !== "docker" && spec.kind !== "process") || oauthEnv.length === 0) return spec;
  const client = catalogClient(entry, clientSecret);
  return { ...spec, oauthEnv: client ? oauthEnv.map((item) => ({ ...item, client })) : oauthEnv };
}

/** The catalog's pre-registered OAuth client (`oauth.client`), its secret resolved. */
function catalogClient(entry: ServerEntry, secret: SecretValue | undefined): OAuthClient | undefined {
  const client = entry.oauth?.client;
  return client ? { id: client.id, ...(secret ? { secret } : {}) } : undefined;
}

function buildSpec(server: string, found: LayeredServer, input: ResolveInput, secretEnv: Record<string, SecretValue>): ServerSpec {
  const { entry } = found;
  const data = input.config;
  const env: Record<string, string> = {};
  for (const item of entry.env ?? []) {
    const value = renderString(item.value ?? "", data).value;
    if (value !== "") env[item.name] = value;
  }
  const enabledTools = enabledToolsFor(input.tools, server);
  const catalogTools = entry.tools ? toolsFromEntry(entry) : undefined;
  const tools = catalogTools && enabledTools ? catalogTools.filter((t) => enabledTools.includes(t.name)) : catalogTools;
  const base: ServerSpecBase = {
    name: server,
    ...(entry.title ? { title: entry.title } : {}),
    ...(entry.description ? { description: entry.description } : {}),
    source: found.source,
    env,
    secretEnv,
    sharing: entry.sharing ?? "shared",
    longLived: entry.longLived ?? false,
    ...(entry.prefix ? { prefix: entry.prefix } : {}),
    ...definedOnly({ tools, enabledTools }),
  };

  switch (serverType(entry)) {
    case "server":
      return {
        ...base,
        kind: "docker",
        image: entry.image!,
        command: renderList(entry.command ?? [], data).value,
        volumes: renderList(entry.volumes ?? [], data).value,
        ...(entry.user ? { user: entry.user } : {}),
        disableNetwork: entry.disableNetwork ?? false,
        allowHosts: entry.allowHosts ?? [],
        extraHosts: entry.extraHosts ?? [],
        limits: containerLimits(entry),
        readOnlyRootfs: entry.readOnlyRootfs ?? true,
      };
    case "process": {
      const process = entry.process!;
      return {
        ...base,
        kind: "process",
        command: renderString(process.command, data).value,
        args: renderList(process.args ?? [], data).value,
        ...(process.cwd ? { cwd: renderString(process.cwd, data).value } : {}),
      };
    }
    case "remote": {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(entry.remote?.headers ?? {})) headers[k] = renderString(v, data).value;
      const url = entry.remote?.url ?? entry.sseEndpoint!;
      const transport = entry.remote?.transport_type === "sse" || (!entry.remote?.url && entry.sseEndpoint) ? "sse" : "streamable-http";
      return { ...base, kind: "remote", url: renderString(url, data).value, transport, headers };
    }
    case "poci":
      return toolContainersSpec(base, entry, { limits: containerLimits(entry), registry: input.registry });
  }
}

/**
 * A container's limits: mcpgw's own `limits`, field by field over Docker's `resources.limits`
 * (`cpus` or `cpu`), the form Docker's articles use.
 */
function containerLimits(entry: ServerEntry): ResourceLimits {
  const docker = Array.isArray(entry.resources) ? undefined : entry.resources?.limits;
  const memory = entry.limits?.memory ?? docker?.memory;
  return definedOnly({
    cpus: entry.limits?.cpus ?? docker?.cpus ?? docker?.cpu,
    memory: memory === undefined ? undefined : parseSize(memory),
    pids: entry.limits?.pids,
  });
}
