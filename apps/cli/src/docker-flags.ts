import { Flags } from "@oclif/core";

/**
 * Docker's CLI takes booleans as `--flag=false` / `--flag=true`; oclif takes `--no-flag` /
 * `--flag`. Rewriting the first form into the second lets a Docker user's command line work
 * unchanged.
 */
export function normalizeBooleanFlags(argv: readonly string[], booleans: readonly string[]): string[] {
  return argv.map((arg) => {
    const match = /^--([a-z-]+)=(true|false)$/i.exec(arg);
    if (!match || !booleans.includes(match[1]!)) return arg;
    return match[2]!.toLowerCase() === "true" ? `--${match[1]}` : `--no-${match[1]}`;
  });
}

/** Values of a repeatable flag, each of which may also be comma-separated (`--servers a,b`). */
export function listFlag(values: readonly string[] | undefined): string[] | undefined {
  const out = values?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  return out && out.length > 0 ? out : undefined;
}

/**
 * Docker's output switch for listings: `--format list` (the default table) or `--format json`,
 * which prints what `--json` prints. BaseCommand.jsonEnabled reads it, so a command that has
 * `enableJsonFlag` only adds this flag.
 */
export const formatFlag = Flags.string({
  description: "output format: list (a table) or json (the same as --json)",
  options: ["list", "json"],
  default: "list",
});

/** Whether argv asks for `--format json` (or `--format=json`) before any `--`. */
export function formatIsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  const args = end === -1 ? argv : argv.slice(0, end);
  return args.some((arg, i) => arg === "--format=json" || (arg === "--format" && args[i + 1] === "json"));
}
