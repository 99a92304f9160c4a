import { didYouMean } from "@mcpgw/core";
import type { Hook } from "@oclif/core";

/**
 * An unknown command gets the closest known ones and exit code 2 (a usage error, as for an
 * unknown flag) at once: no prompt, so that scripts and CI fail plainly.
 */
const hook: Hook<"command_not_found"> = async function (options) {
  const spoken = (id: string) => id.replaceAll(":", " ");
  const wanted = spoken(options.id);
  // A one-word mistake may be a topic (`serve`); a longer one is a command of a topic.
  const topics = wanted.includes(" ") ? [] : options.config.topics.map((t) => spoken(t.name));
  const known = [...topics, ...options.config.commandIDs.map(spoken)];
  this.error(`"${wanted}" is not an mcpgw command.${didYouMean(wanted, known)}\nRun \`${options.config.bin} --help\` for the list of commands.`, { exit: 2 });
};

export default hook;
