export { parsePolicyFile, PolicyFileSchema, readPolicyFile } from "./policy-file.js";
export type { PolicyFile, PolicyToken } from "./policy-file.js";
