import { resolve } from "node:path";
import { toGatewayError } from "@mcpgw/core";
import { exportProfile } from "@mcpgw/registry";
import { writeFileAtomic } from "@mcpgw/user-files";
import { Args } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { profileArg } from "../../profile-flags.js";

export default class ProfileExport extends BaseCommand {
  static override summary = "Write a profile to a file, or to stdout, in mcpgw's format exactly as it is.";
  static override examples = ["<%= config.bin %> profile export review ./review.yaml", "<%= config.bin %> profile export review > review.yaml"];
  static override args = { name: profileArg, file: Args.string({ description: "where to write it (stdout when left out)" }) };

  async run(): Promise<void> {
    const { args } = await this.parse(ProfileExport);
    const text = await exportProfile(this.home, args.name);
    if (args.file === undefined) {
      process.stdout.write(text);
      return;
    }
    const dest = resolve(args.file);
    await writeFileAtomic(dest, text).catch((error: unknown) => {
      throw toGatewayError(error);
    });
    this.log(`Exported profile ${args.name} to ${dest}.`);
  }
}
