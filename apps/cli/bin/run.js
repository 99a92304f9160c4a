#!/usr/bin/env node
// oclif checks its own Node requirement with semver when it loads: some fifty modules read on
// every start. mcpgw's `engines` says which Node it needs, so the check is skipped (and the
// variable is not left for the servers the gateway starts).
const skipped = process.env.OCLIF_DISABLE_ENGINE_WARNING === undefined;
if (skipped) process.env.OCLIF_DISABLE_ENGINE_WARNING = "1";
const { execute } = await import("@oclif/core");
if (skipped) delete process.env.OCLIF_DISABLE_ENGINE_WARNING;

await execute({ dir: import.meta.url });
