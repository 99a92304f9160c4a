import { basename, extname, resolve } from "node:path";
import { ErrorCode, GatewayError } from "@mcpgw/core";
import { isProfileName, loadConfigPlane, readProfileImport, writeProfile } from "@mcpgw/registry";
import { invalidFileError } from "@mcpgw/user-files";
import { Args, Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { readInputFile } from "../../input-file.js";
import { formatWarnings } from "../../server-listing.js";

export default class ProfileImport extends BaseCommand {
  static override summary = "Import a profile from a file: mcpgw's format, or Docker's profile export (YAML or JSON).";
  static override description =
    "A file in Docker's format (`docker mcp profile export`: `version: 1` and a list of servers) is mapped onto the catalogs: " +
    "an image entry becomes the catalog server running that image (whatever its tag or digest), a remote entry the one serving that URL, " +
    "and each keeps its tools and config. Entries that map to no server, or to several, are listed with the reason and left out; " +
    "Docker's secret settings are not carried over. A file in mcpgw's format is taken as it is, and each of its servers must be in the catalogs. " +
    "The profile is named --name, else Docker's profile id, else the file's name; one of that name is replaced.";
  static override examples = ["<%= config.bin %> profile import ./dev-tools.yaml", "<%= config.bin %> profile import ./review.yaml --name review-copy"];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: "a profile file, mcpgw's or Docker's", required: true }) };
  static override flags = { name: Flags.string({ description: "the profile to import as" }) };

  async run() {
    const { args, flags } = await this.parse(ProfileImport);
    const file = resolve(args.file);
    const plane = await loadConfigPlane({ home: this.home });
    const parsed = readProfileImport(await readInputFile(file), file, plane.catalog);
    if (!parsed.ok) throw invalidFileError(parsed.errors);
    for (const line of formatWarnings(parsed.warnings)) this.notice(line);
    const imported = parsed.value;
    const name = flags.name ?? (imported.format === "docker" ? imported.id : undefined) ?? basename(file, extname(file));
    if (!isProfileName(name)) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `"${name}" cannot name a profile: use 1 to 64 letters, digits, '_' or '-'`, { suggestion: "give --name" });
    }
    const unmapped = imported.format === "docker" ? imported.unmapped : [];
    const notes = imported.format === "docker" ? imported.notes : [];
    const servers = Object.keys(imported.content.servers);
    if (imported.format === "docker" && servers.length === 0) {
      throw new GatewayError(ErrorCode.NOT_FOUND, [`nothing in ${file} maps to a server of the catalogs:`, ...unmapped.map(describeUnmapped)].join("\n"), {
        suggestion: "`mcpgw catalog import docker-mcp` adds Docker's catalog; `mcpgw catalog show` lists the servers there are.",
      });
    }
    const { replaced } = await writeProfile(this.home, name, imported.content, plane.catalog.byName.keys());
    if (!this.jsonEnabled()) {
      const format = imported.format === "docker" ? "Docker's profile format" : "mcpgw's profile format";
      this.log(`${replaced ? "Replaced" : "Imported"} profile ${name} from ${format}: ${servers.length > 0 ? servers.join(", ") : "no servers"}.`);
      for (const u of unmapped) this.log(`  not imported: ${describeUnmapped(u)}`);
      for (const note of notes) this.log(`  note: ${note}`);
    }
    return { profile: name, format: imported.format, replaced, servers, unmapped, notes };
  }
}

function describeUnmapped(u: { entry: number; from: string; reason: string }): string {
  return `entry ${u.entry} (${u.from}): ${u.reason}`;
}
