// Shared ESLint flat config. Import boundaries from ARCHITECTURE.md are enforced here:
// dependencies point one way, and only the gateway package imports a runtime.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const runtimes = ["@mcpgw/runtime-docker", "@mcpgw/runtime-process"];

/** Which workspace packages each package may not import. */
const forbidden = {
  core: ["@mcpgw/*", "!@mcpgw/tooling", "!@mcpgw/tooling/*"],
  catalog: ["@mcpgw/registry", "@mcpgw/secrets", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", ...runtimes],
  secrets: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", ...runtimes],
  registry: ["@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", ...runtimes],
  router: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/secrets", "@mcpgw/transports", "@mcpgw/gateway", ...runtimes],
  transports: ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/gateway", ...runtimes],
  "runtime-docker": ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", "@mcpgw/runtime-process"],
  "runtime-process": ["@mcpgw/catalog", "@mcpgw/registry", "@mcpgw/router", "@mcpgw/transports", "@mcpgw/gateway", "@mcpgw/runtime-docker"],
  cli: ["@mcpgw/server", ...runtimes],
  server: ["mcpgw", ...runtimes],
};

/**
 * ESLint config for one workspace package.
 * @param {keyof typeof forbidden | string} pkg the package folder name
 */
export function defineEslintConfig(pkg) {
  const banned = forbidden[pkg] ?? [];
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
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              // Sibling packages are reached through their public entry, never their files.
              { group: ["@mcpgw/*/src/*", "../../*/src/*"], message: "Import the package's public entry." },
              ...(banned.length ? [{ group: banned, message: `Not allowed from ${pkg}: see ARCHITECTURE.md.` }] : []),
            ],
          },
        ],
      },
    },
    {
      files: ["**/*.test.ts", "test/**"],
      rules: { "no-console": "off", "@typescript-eslint/no-non-null-assertion": "off" },
    },
  );
}
