import type { UserConfig } from "vitest/config";

/** Vitest config for a workspace package (see vitest.js). */
export function defineProjectConfig(options?: { testTimeout?: number }): UserConfig;
