// Shared Vitest settings. Workspace packages export their TypeScript sources under the
// "@mcpgw/source" condition, so tests run against src/ without a build.
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests run in Node, without a bundler: the bundlers' "module" condition would pick builds Node
// cannot load (@opentelemetry/api's ESM build imports files without their extension).
const conditions = ["@mcpgw/source", ...defaultServerConditions.filter((condition) => condition !== "module")];

/**
 * The default bound on one test and on one hook. It only stops a test that hangs: every wait
 * inside a test has its own deadline, named for what it awaits. Sized for the slow suites on a
 * busy 2-core CI machine, where one test may spawn a few node processes or containers that each
 * take seconds to start.
 */
const TEST_TIMEOUT_MS = 60_000;
const HOOK_TIMEOUT_MS = 120_000;

/**
 * Vitest config for a workspace package.
 * `slow` tests (file names ending in `.slow.test.ts`) are always run in CI; locally they run
 * unless MCPGW_FAST=1 is set, which is the only way to leave them out.
 * @param {{ testTimeout?: number }} [options]
 */
export function defineProjectConfig(options = {}) {
  const fast = process.env.MCPGW_FAST === "1" && process.env.CI !== "true";
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts", "*.test.ts", "**/*.test.ts"],
      exclude: ["**/node_modules/**", "**/dist/**", ...(fast ? ["**/*.slow.test.ts"] : [])],
      testTimeout: options.testTimeout ?? TEST_TIMEOUT_MS,
      hookTimeout: Math.max(options.testTimeout ?? 0, HOOK_TIMEOUT_MS),
      // The JSON report feeds the one-line total that the root test command prints.
      reporters: [process.env.CI === "true" ? "verbose" : "default", ["json", { outputFile: ".vitest/results.json" }]],
    },
  });
}
