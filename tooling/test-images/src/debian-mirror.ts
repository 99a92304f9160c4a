// The Debian mirror this machine installs from, read from apt's own sources at run time, so that
// the stand-in base image is made from the same place as the host's packages.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { exists } from "./cache-dir.js";

/** apt's source lists: the one-line file and the folder of one-line and deb822 files. */
const SOURCES_LIST = "/etc/apt/sources.list";
const SOURCES_DIR = "/etc/apt/sources.list.d";

/** Overrides the mirror when apt's sources name none for the suite (a host that is not Debian). */
export const DEBIAN_MIRROR_ENV = "MCPGW_DEBIAN_MIRROR";

/**
 * The URI of the first `deb` source that lists `suite` (such as `bookworm`) in apt's sources,
 * or `$MCPGW_DEBIAN_MIRROR` when set.
 *
 * @throws Error naming the files read when none lists the suite.
 */
export async function debianMirror(suite: string): Promise<string> {
  const override = process.env[DEBIAN_MIRROR_ENV];
  if (override) return override;
  const files = await sourceFiles();
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const uri = file.endsWith(".sources") ? mirrorInDeb822(text, suite) : mirrorInOneLine(text, suite);
    if (uri !== undefined) return uri;
  }
  throw new Error(
    `No deb source for Debian ${suite} in ${files.length > 0 ? files.join(", ") : `${SOURCES_LIST} or ${SOURCES_DIR}`}: set ${DEBIAN_MIRROR_ENV} to a Debian mirror's URL.`,
  );
}

async function sourceFiles(): Promise<string[]> {
  const files = (await exists(SOURCES_LIST)) ? [SOURCES_LIST] : [];
  if (await exists(SOURCES_DIR)) {
    const names = (await readdir(SOURCES_DIR)).filter((name) => name.endsWith(".list") || name.endsWith(".sources")).sort();
    files.push(...names.map((name) => join(SOURCES_DIR, name)));
  }
  return files;
}

/** `deb [options] URI suite components…` lines; `#` starts a comment. */
export function mirrorInOneLine(text: string, suite: string): string | undefined {
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").replace(/\[[^\]]*\]/, " ").trim();
    const [type, uri, lineSuite] = line.split(/\s+/);
    if (type === "deb" && uri !== undefined && lineSuite === suite) return uri;
  }
  return undefined;
}

/** deb822 stanzas (`Types:`, `URIs:`, `Suites:`, separated by blank lines); `Enabled: no` skips one. */
export function mirrorInDeb822(text: string, suite: string): string | undefined {
  const stanzas = text
    .split("\n")
    .filter((line) => !line.startsWith("#"))
    .join("\n")
    .split(/\n\s*\n/);
  for (const stanza of stanzas) {
    const fields = new Map<string, string>();
    for (const match of stanza.matchAll(/^([A-Za-z-]+):[ \t]*(.*)$/gm)) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
    const words = (name: string) => (fields.get(name) ?? "").split(/\s+/).filter(Boolean);
    if (fields.get("enabled")?.toLowerCase() === "no") continue;
    if (words("types").includes("deb") && words("suites").includes(suite)) return words("uris")[0];
  }
  return undefined;
}
