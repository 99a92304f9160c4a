import type { HomeLayout } from "@mcpgw/user-files";
import { resolveHome } from "@mcpgw/user-files";
import { exitCodeOf, GatewayError } from "@mcpgw/core";
import { Command, Errors } from "@oclif/core";
import { formatIsJson } from "./docker-flags.js";

/**
 * What every mcpgw command shares: the home (`MCPGW_HOME`, else `~/.mcpgw`) and one way of
 * reporting errors. A GatewayError is an expected outcome: its message, what to do about it,
 * and an exit code from core's EXIT_CODES (`exitCodeOf`). Anything else is a bug and says so.
 */
export abstract class BaseCommand extends Command {
  protected get home(): HomeLayout {
    return resolveHome(process.env);
  }

  /** `--json`, or Docker's `--format json` on a command that has `formatFlag`. */
  override jsonEnabled(): boolean {
    if (super.jsonEnabled()) return true;
    return Boolean(this.ctor.enableJsonFlag) && "format" in (this.ctor.flags ?? {}) && formatIsJson(this.argv);
  }

  /** Prints a line to stderr: notices and warnings, which must not mix with `--json` output. */
  protected notice(message: string): void {
    this.logToStderr(message);
  }

  protected override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own errors (bad flags, missing arguments, exit()) carry their exit code already.
    if (error instanceof Errors.ExitError || error.oclif?.exit !== undefined) throw error;
    if (error instanceof GatewayError) {
      if (this.jsonEnabled()) {
        this.logJson({
          error: { code: error.code, message: error.message, suggestion: error.suggestion, diagnostics: error.diagnostics },
        });
      } else {
        this.logToStderr(`Error: ${error.message}`);
        if (error.suggestion) this.logToStderr(`  → ${error.suggestion}`);
      }
      return this.exit(exitCodeOf(error));
    }
    // A JSON-RPC error from a gateway or server (it has a numeric code) is an answer, not a bug.
    if (typeof (error as { code?: unknown }).code === "number") {
      this.logToStderr(`Error: ${error.message}`);
      return this.exit(exitCodeOf(error));
    }
    this.logToStderr(`mcpgw hit a bug; please report it with the text below.\n${error.stack ?? String(error)}`);
    return this.exit(exitCodeOf(error));
  }
}

/** Fixed-width columns for terminal listings. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}
