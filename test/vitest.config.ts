import { defineProjectConfig } from "@mcpgw/tooling/vitest";

// End-to-end scenarios spawn real processes; give them room on a shared 2-core machine.
export default defineProjectConfig({ testTimeout: 60_000 });
