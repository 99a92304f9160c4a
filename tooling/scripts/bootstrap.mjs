#!/usr/bin/env node
// The README's quick-start commands land here, so they work on a machine that has only Node
// and npm: pnpm is used when present at the pinned version, else run through npx.
//   node tooling/scripts/bootstrap.mjs test    install, then build, lint, typecheck and test everything
//   node tooling/scripts/bootstrap.mjs build   install, then build every package (the CLI included)
//   node tooling/scripts/bootstrap.mjs start   install, build, then run the gateway over Streamable HTTP
//                                              on 127.0.0.1:8811 (extra arguments go to `gateway run`)
//   node tooling/scripts/bootstrap.mjs         install only
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
// No update notices from npm, pnpm or turbo: the output is the gateway's, or the suite's.
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", DO_NOT_TRACK: "1", npm_config_update_notifier: "false" };

function run(cmd, args, { exitOnFailure = true } = {}) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0 && exitOnFailure) process.exit(result.status ?? 1);
  return result.status ?? 1;
}

/** Every workspace folder's Vitest JSON report, fresh from this run. */
function reports() {
  const folders = ["packages", "apps", "tooling"].flatMap((top) =>
    existsSync(join(root, top)) ? readdirSync(join(root, top)).map((name) => join(root, top, name)) : [],
  );
  return [...folders, join(root, "test")].map((dir) => join(dir, ".vitest", "results.json")).filter((f) => existsSync(f));
}

/** One plain closing line for the whole suite: `tests: N passed, N failed, N skipped`. */
function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of reports()) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    // A test file that fails to load runs no test: it counts as one failure, not as none.
    const unloaded = report.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
    failed += report.numFailedTests + unloaded;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { passed, failed };
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
  for (const file of reports()) rmSync(file);
  const status = run(bin, [...pre, "exec", "turbo", "run", "build", "lint", "typecheck", "test", "--continue", ...process.argv.slice(3)], {
    exitOnFailure: false,
  });
  const { passed, failed } = summarize();
  if (status !== 0) process.exit(status);
  if (failed > 0 || passed === 0) {
    console.error("bootstrap: the suite ran no passing test or had failures");
    process.exit(1);
  }
} else if (task === "build" || task === "start") {
  run(bin, [...pre, "exec", "turbo", "run", "build", "--output-logs=errors-only"]);
  if (task === "start") {
    const cli = join(root, "apps", "cli", "bin", "run.js");
    // Ctrl-C reaches the gateway too (same process group); it stops its servers and exits.
    process.on("SIGINT", () => {});
    process.exit(run(process.execPath, [cli, "gateway", "run", "--transport", "streaming", "--port", "8811", ...process.argv.slice(3)], { exitOnFailure: false }));
  }
} else if (task) {
  console.error(`bootstrap: unknown task ${task}`);
  process.exit(2);
}
