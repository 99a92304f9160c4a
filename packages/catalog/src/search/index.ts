export { tokenize } from "./tokenize.js";
export { serverDocumentsOf, toolDocumentsOf } from "./documents.js";
export type { SearchableCatalog, ServerDocument, ToolDocument } from "./documents.js";
export { createToolSearch } from "./tool-search.js";
export type { FindServersOptions, FindToolsOptions, ServerMatch, ToolMatch, ToolSearch } from "./tool-search.js";
