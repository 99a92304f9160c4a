// Shared ESLint flat config. Import boundaries from ARCHITECTURE.md are enforced here:
// dependencies point one way, and only the gateway package imports a runtime.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const runtimes = ["@mcpgw/runtime-docker", "@mcpgw/runtime-process"];
/** Only the connectors' side runs servers: the config plane and the router never do. */
const kernel = "@mcpgw/runtime-kernel";
/** Only the config plane and its callers read and write the user's files. */
const userFiles = "@mcpgw/user-files";
/** The kernel and the user-file package stand on core alone. */
const coreOnly = ["@mcpgw/*", "!@mcpgw/core", "!@mcpgw/tooling", "!@mcpgw/tooling/*"];

/**
 * Below the gateway, telemetry is OpenTelemetry's API only (a no-op until the gateway registers
 * an SDK): exporters are deployment choices (ARCHITECTURE.md).
 */
const otelSdk = ["@opentelemetry/*", "!@opentelemetry/api"];

/** Which workspace packages (and which OpenTelemetry ones) each package may not import. */
const forbidden = {
  core: ["@mcpgw/*", "!@mcpgw/tooling", "!@mcpgw/tooling/*", ...otelSdk],
  "runtime-kernel": [...coreOnly, ...otelSdk],
  "user-files": coreOnly,
  /** Client files: core and the user-file machinery only. */
  clients: ["@mcpgw/*", "!@mcpgw/core", "!@mcpgw/user-files", "!@mcpgw/tooling", "!@mcpgw/tooling/*"],
  catalog: ["@mcpgw/registry", "@mcpgw/secrets", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", kernel, ...runtimes],
  secrets: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", kernel, ...runtimes],
  registry: ["@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", kernel, ...runtimes],
  router: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/secrets", "@mcpgw/transports", "@mcpgw/gateway", kernel, userFiles, ...runtimes, ...otelSdk],
  transports: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/gateway", userFiles, ...runtimes, ...otelSdk],
  "runtime-docker": ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", userFiles, "@mcpgw/runtime-process", ...otelSdk],
  "runtime-process": ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", userFiles, "@mcpgw/runtime-docker", ...otelSdk],
  cli: ["@mcpgw/server", ...runtimes],
  server: ["mcpgw", ...runtimes],
};

/** Packages that exist for tests: shipped code never imports them. */
const testSupport = ["@mcpgw/test-images", "@mcpgw/example-servers", "@mcpgw/tooling", "@mcpgw/tooling/*"];

/**
 * Test-support packages a package's shipped code may import all the same. The CLI's
 * `catalog init` writes a starter catalog that runs the example servers, so it needs their
 * entries at run time; benchmarks and the cross-package suites are test code throughout.
 */
const testSupportAllowed = {
  cli: ["@mcpgw/example-servers"],
  bench: testSupport,
  e2e: testSupport,
};

/** Files that are tests, only serve tests, or configure the tools (they import @mcpgw/tooling). */
const testFiles = ["**/*.test.ts", "test/**", "src/testing/**", "src/fixtures/**", "*.config.js", "*.config.ts"];

/**
 * ESLint config for one workspace package.
 * @param {keyof typeof forbidden | string} pkg the package folder name
 */
export function defineEslintConfig(pkg) {
  const banned = forbidden[pkg] ?? [];
  const allowed = testSupportAllowed[pkg] ?? [];
  const testOnly = testSupport.filter((name) => !allowed.includes(name));
  const isApp = pkg === "cli" || pkg === "server";
  /** @param {string[]} extra packages refused besides `banned` */
  const restrictedImports = (extra) => [
    "error",
    {
      patterns: [
        // Sibling packages are reached through their public entry, never their files.
        { group: ["@mcpgw/*/src", "@mcpgw/*/src/*", "@mcpgw/*/dist", "@mcpgw/*/dist/*", "../../*/src/*"], message: "Import the package's public entry." },
        // An app is a package's user like any other: no relative path into the workspace's packages.
        ...(isApp ? [{ group: ["**/packages/**"], message: "Apps import packages by name, through their public entry." }] : []),
        ...(banned.length ? [{ group: banned, message: `Not allowed from ${pkg}: see ARCHITECTURE.md.` }] : []),
        ...(extra.length ? [{ group: extra, message: "Test support: only tests import it." }] : []),
      ],
    },
  ];
  return tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "bin/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: { ecmaVersion: 2023, sourceType: "module" },
      rules: {
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "no-console": "error",
        "no-restricted-imports": restrictedImports(testOnly),
      },
    },
    {
      files: testFiles,
      rules: { "no-restricted-imports": restrictedImports([]) },
    },
    {
      files: ["**/*.test.ts", "test/**"],
      rules: { "no-console": "off", "@typescript-eslint/no-non-null-assertion": "off" },
    },
  );
}
