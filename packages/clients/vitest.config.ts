import { defineProjectConfig } from "@mcpgw/tooling/vitest";

export default defineProjectConfig();
