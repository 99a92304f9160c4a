import { didYouMean } from "@mcpgw/core";
import type { Hook } from "@oclif/core";

/**
 * An unknown command gets the closest known ones and exit code 2 (a usage error, as for an
 * unknown flag) at once: no prompt, so that scripts and CI fail plainly.
 */
const hook: Hook<"command_not_found"> = async function (options) {
  const spoken = (id: string) => id.replaceAll(":", " ");
  const known = [...options.config.topics.map((t) => spoken(t.name)), ...options.config.commandIDs.map(spoken)];
  const wanted = spoken(options.id);
  this.error(`"${wanted}" is not an mcpgw command.${didYouMean(wanted, known)}\nRun \`${options.config.bin} --help\` for the list of commands.`, { exit: 2 });
};

export default hook;
