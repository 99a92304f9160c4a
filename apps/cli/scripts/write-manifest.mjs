#!/usr/bin/env node
// Writes oclif.manifest.json after the build, so that a run loads only the command it runs
// instead of importing every command module (and everything they import) first.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Plugin } from "@oclif/core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const plugin = new Plugin({ root, type: "core", ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
writeFileSync(join(root, "oclif.manifest.json"), `${JSON.stringify(plugin.manifest)}\n`);
