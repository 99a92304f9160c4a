import { defineEslintConfig } from "@mcpgw/tooling/eslint";

export default defineEslintConfig("clients");
