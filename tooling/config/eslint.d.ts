import type { Linter } from "eslint";

/** ESLint flat config for one workspace package (see eslint.js). */
export function defineEslintConfig(pkg: string): Linter.Config[];
