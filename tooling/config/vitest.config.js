import { defineProjectConfig } from "./vitest.js";

export default defineProjectConfig();
