// The example servers as a starter catalog sees them: enough to list and run each one without
// starting it. Tool metadata comes from the same definitions the servers register.
import { fileURLToPath } from "node:url";
import { clockTools } from "./clock/tools.js";
import { notesTools } from "./notes/tools.js";
import type { ExampleServerTool } from "./tool-definition.js";

/** The catalog names of the example servers. */
export type ExampleServerName = "clock" | "notes";

/** An environment variable an example server reads. */
export interface ExampleServerEnv {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** One example server: what a catalog entry needs to describe it and run it with `node <entry>`. */
export interface ExampleServer {
  /** Its name in the catalog. */
  readonly name: ExampleServerName;
  readonly title: string;
  readonly description: string;
  /** Absolute path of the built entry script (`dist/<name>.js`); it speaks MCP over stdio. */
  readonly entry: string;
  /** Its tools, exactly as the running server lists them. */
  readonly tools: readonly ExampleServerTool[];
  /** The environment variables it reads. */
  readonly env: readonly ExampleServerEnv[];
}

// Relative to this module, so the path is right from src/ (tests) and from dist/ (installed).
const entry = (name: ExampleServerName): string => fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));

/** The example servers that ship with mcpgw, in catalog order. */
export const exampleServers: readonly ExampleServer[] = Object.freeze([
  Object.freeze({
    name: "clock",
    title: "Clock",
    description:
      "Time zones and calendar arithmetic: the current time in any IANA zone, converting times between zones, adding ISO 8601 durations to dates.",
    entry: entry("clock"),
    tools: Object.freeze(clockTools.map((tool) => tool.metadata)),
    env: Object.freeze([]),
  }),
  Object.freeze({
    name: "notes",
    title: "Notes",
    description:
      "A small notebook: add, list, read and delete notes; each note is also an MCP resource, and a prompt summarizes them. Kept in memory, or in NOTES_FILE when set.",
    entry: entry("notes"),
    tools: Object.freeze(notesTools.map((tool) => tool.metadata)),
    env: Object.freeze([
      Object.freeze({
        name: "NOTES_FILE",
        description: "A JSON file to keep the notes in across runs (written atomically). Unset, notes last as long as the process.",
        required: false,
      }),
    ]),
  }),
]);
