#!/usr/bin/env node
// The README's quick-start commands land here, so they work on a machine that has only Node
// and npm: pnpm is used when present at the pinned version, else run through npx.
//   node tooling/scripts/bootstrap.mjs test    install, then build, lint, typecheck and test everything
//   node tooling/scripts/bootstrap.mjs         install only
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", DO_NOT_TRACK: "1" };

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function pnpm() {
  const probe = spawnSync("pnpm", ["--version"], { env, encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim() === pinned) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pinned}`]];
}

const [bin, pre] = pnpm();
const task = process.argv[2];
run(bin, [...pre, "install", ...(process.env.CI === "true" ? ["--frozen-lockfile"] : [])]);
if (task === "test") {
  run(bin, [...pre, "exec", "turbo", "run", "build", "lint", "typecheck", "test", "--output-logs=errors-only", ...process.argv.slice(3)]);
} else if (task) {
  console.error(`bootstrap: unknown task ${task}`);
  process.exit(2);
}
