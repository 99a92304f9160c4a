import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "@mcpgw/core";
import { didYouMean, ErrorCode, GatewayError, isNodeError } from "@mcpgw/core";
import type { HomeLayout, Parsed, UserFile } from "@mcpgw/user-files";
import { invalidFileError, parseUserYaml, readFileIfExists } from "@mcpgw/user-files";
import { z } from "zod";
import { assertProfileName, isProfileName } from "./profile-name.js";

/** Why an entry of a server's `tools:` list is not one of its tool patterns, or undefined. */
export function toolEntryProblem(text: string): string | undefined {
  if (text.trim() === "") return "a tool name cannot be empty";
  if (/\s/.test(text)) return `"${text}" contains blanks; write a tool's name or a pattern such as list_*`;
  if (text.includes(":")) return `"${text}" names a server; the list holds this server's own tools, such as get_me or list_*`;
  return undefined;
}

const ToolEntrySchema = z.string().superRefine((text, ctx) => {
  const problem = toolEntryProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

// `fetch:` with nothing after it is a server with every tool and no overrides, like `fetch: {}`.
const ProfileServerSchema = z
  .object({
    tools: z.array(ToolEntrySchema).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .nullable();

/** `profiles/NAME.yaml`: servers with their tools and config overrides, and the profile's defaults. */
export const ProfileFileSchema = z.object({
  servers: z.record(z.string(), ProfileServerSchema).nullish(),
  dynamicTools: z.boolean().optional(),
  // The gateway's own four tools (mcp-find, mcp-add, mcp-remove, mcp-exec) are part of any budget.
  toolBudget: z.number().int().min(4, "a tool budget is at least 4: the gateway's own four tools count").optional(),
});

export type ProfileFile = z.output<typeof ProfileFileSchema>;

export const EMPTY_PROFILE: ProfileFile = { servers: {} };
export const profileFileOptions = { empty: EMPTY_PROFILE };

/** One server of a profile. */
export interface ProfileServer {
  /** The tools served, as tool patterns of this server (`get_me`, `list_*`); absent: every tool. */
  tools?: string[];
  /** Values merged over config.yaml's values for this server. */
  config?: Record<string, unknown>;
}

/** What a profile holds: the part that is the same in its file and in an export. */
export interface ProfileContent {
  servers: Record<string, ProfileServer>;
  /** This profile's default for `--dynamic-tools`. */
  dynamicTools?: boolean;
  /** This profile's default for `--tool-budget`. */
  toolBudget?: number;
}

/** A profile read from `MCPGW_HOME/profiles/NAME.yaml`. */
export interface Profile extends ProfileContent {
  name: string;
  file: string;
  /** Unknown fields and the like; the profile is usable. */
  warnings: Diagnostic[];
}

/** One profile of a home as `listProfiles` sees it: read, or why it cannot be. */
export type ProfileListing =
  | { ok: true; name: string; file: string; profile: Profile }
  | { ok: false; name: string; file: string; errors: Diagnostic[] };

/** The file of the profile `name` (which need not exist). */
export function profilePath(home: HomeLayout, name: string): string {
  assertProfileName(name);
  return join(home.profilesDir, `${name}.yaml`);
}

/** The content of a parsed profile file, every server as an object. */
export function profileContent(file: ProfileFile): ProfileContent {
  const servers: Record<string, ProfileServer> = {};
  for (const [server, entry] of Object.entries(file.servers ?? {})) {
    servers[server] = {
      ...(entry?.tools === undefined ? {} : { tools: entry.tools }),
      ...(entry?.config === undefined ? {} : { config: entry.config }),
    };
  }
  return {
    servers,
    ...(file.dynamicTools === undefined ? {} : { dynamicTools: file.dynamicTools }),
    ...(file.toolBudget === undefined ? {} : { toolBudget: file.toolBudget }),
  };
}

/** Parses a profile's text (mcpgw's format); `file` names it in diagnostics. */
export function parseProfile(text: string, file: string): Parsed<UserFile<ProfileFile>> {
  return parseUserYaml(text, file, ProfileFileSchema, profileFileOptions);
}

/** The names of the home's profiles, in code-point order. */
export async function profileNames(home: HomeLayout): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(home.profilesDir, { withFileTypes: true });
  } catch (error) {
    if (isNodeError(error) && error.code === "ENOENT") return [];
    throw new GatewayError(ErrorCode.IO, `cannot read the profile folder ${home.profilesDir}: ${(error as Error).message}`, { cause: error });
  }
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".yaml"))
    .map((entry) => entry.name.slice(0, -".yaml".length))
    // Leaves out what is not a profile: hidden files, temporary files of a write.
    .filter(isProfileName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** NOT_FOUND for a profile the home does not have, with the closest names. */
export async function profileNotFound(home: HomeLayout, name: string): Promise<GatewayError> {
  const names = await profileNames(home).catch(() => []);
  return new GatewayError(ErrorCode.NOT_FOUND, `no profile "${name}" in ${home.profilesDir}.${didYouMean(name, names)}`, {
    data: { name, profiles: names },
    suggestion: names.length > 0 ? "`mcpgw profile ls` lists the profiles." : "`mcpgw profile create NAME --server S` creates one.",
  });
}

/** The profile's text; NOT_FOUND (with the closest names) when there is none of that name. */
export async function readProfileText(home: HomeLayout, name: string): Promise<string> {
  const file = profilePath(home, name);
  const text = await readFileIfExists(file);
  if (text === undefined) throw await profileNotFound(home, name);
  return text;
}

/**
 * Reads the profile `name` of the home. A missing profile is NOT_FOUND naming it (and the
 * closest names); a broken file throws with file, line and field of every problem.
 * @example
 * const profile = await loadProfile(resolveHome(), "review");
 * for (const [server, { tools }] of Object.entries(profile.servers)) console.error(server, tools ?? "every tool");
 */
export async function loadProfile(home: HomeLayout, name: string): Promise<Profile> {
  const file = profilePath(home, name);
  const parsed = parseProfile(await readProfileText(home, name), file);
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  return { name, file, ...profileContent(parsed.value.value), warnings: parsed.warnings };
}

/** Every profile of the home in name order; a broken one is listed with its diagnostics. */
export async function listProfiles(home: HomeLayout): Promise<ProfileListing[]> {
  const listings: ProfileListing[] = [];
  for (const name of await profileNames(home)) {
    const file = profilePath(home, name);
    try {
      listings.push({ ok: true, name, file, profile: await loadProfile(home, name) });
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      // Removed since the folder was read: it is not in the list any more.
      if (error.code === ErrorCode.NOT_FOUND) continue;
      listings.push({ ok: false, name, file, errors: error.diagnostics.length > 0 ? [...error.diagnostics] : [{ severity: "error", file, message: error.message }] });
    }
  }
  return listings;
}

/** The profile's file exactly as it is, comments included, once it is known to read as a profile. */
export async function exportProfile(home: HomeLayout, name: string): Promise<string> {
  const text = await readProfileText(home, name);
  const parsed = parseProfile(text, profilePath(home, name));
  if (!parsed.ok) throw invalidFileError(parsed.errors);
  return text;
}
