import { defineProjectConfig } from "@mcpgw/tooling/vitest";

// The smoke test sets its own timeout, from the quick bench's own limit.
export default defineProjectConfig();
