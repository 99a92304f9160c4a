import { defineEslintConfig } from "@mcpgw/tooling/eslint";

export default defineEslintConfig("runtime-kernel");
