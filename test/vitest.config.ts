import { defineProjectConfig } from "@mcpgw/tooling/vitest";

// End-to-end scenarios start a gateway (its own 60 s start deadline), servers and clients, and
// stop them again: room for all of that on a busy 2-core machine.
export default defineProjectConfig({ testTimeout: 120_000 });
