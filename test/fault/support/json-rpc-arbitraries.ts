// fast-check arbitraries of what a client might write on an MCP wire: bad JSON, JSON of the
// wrong shape (wrong `jsonrpc`, missing/huge/float/negative/object ids, wrong param types,
// unknown methods, notifications with ids, batches, deep nesting, very long strings), and
// well-formed requests among them. Each generated message says what the JSON-RPC 2.0 and MCP
// rules let the server answer, so one oracle checks every transport.
import fc from "fast-check";
import { definedOnly } from "@mcpgw/core";

/** One generated message, as the text to send, with what may come back for it. */
export interface FuzzMessage {
  /** What goes on the wire: one line on stdio, one body over HTTP. Never holds a newline. */
  text: string;
  /**
   * Set when the message is a well-formed request (`jsonrpc: "2.0"`, a string or safe-integer
   * id, a method, object params or none): exactly one answer must carry this id.
   */
  answerId?: string | number;
  /** Ids of other requests in it (malformed ones, batch members): at most one answer each. */
  otherIds: unknown[];
  /** What kind of message it is, for failure reports. */
  kind: string;
}

// Ids are made unique per process, whatever their shape, so an answer can only belong to one message.
let counter = 0;
const nextN = () => ++counter;

type IdShape = "int" | "negative" | "max-safe" | "string" | "float" | "unsafe-int" | "object" | "array" | "bool" | "null";

/** A usable id (string or safe integer) or not, always distinct from every other generated one. */
function makeId(shape: IdShape, text: string): unknown {
  const n = nextN();
  switch (shape) {
    case "int":
      return 1_000_000 + n;
    case "negative":
      return -n;
    case "max-safe":
      return Number.MAX_SAFE_INTEGER - n;
    case "string":
      return `fz-${n}-${text}`;
    case "float":
      return n + 0.5;
    case "unsafe-int":
      return 2 ** 60 + n * 1024;
    case "object":
      return { n };
    case "array":
      return [n];
    case "bool":
      return true;
    case "null":
      return null;
  }
}

/** Whether JSON-RPC (as MCP restricts it) accepts `id` as a request id. */
export function isUsableId(id: unknown): id is string | number {
  return typeof id === "string" || Number.isSafeInteger(id);
}

const idArb = fc
  .tuple(fc.constantFrom<IdShape>("int", "negative", "max-safe", "string", "string", "float", "unsafe-int", "object", "array", "bool", "null"), fc.string({ maxLength: 12 }))
  .map(([shape, text]) => makeId(shape, text));

/** Tool names the upstream has, ones it does not, and free text. Long-running tools are left out. */
const toolNameArb = fc.oneof(fc.constantFrom("echo", "get-sum", "get-env", "no-such-tool", ""), fc.string({ maxLength: 20 }));

const METHODS = [
  "tools/call",
  "tools/list",
  "ping",
  "prompts/list",
  "prompts/get",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "logging/setLevel",
  "completion/complete",
  "initialize",
  "server/discover",
  "notifications/initialized",
  "notifications/progress",
  "sampling/createMessage",
  "tools/call/extra",
] as const;

/** A string of `length` characters, built directly: fast-check would take long to make one this size. */
const longStringArb = fc.integer({ min: 10_000, max: 1_500_000 }).map((length) => "x".repeat(length));

const paramsArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: toolNameArb, arguments: fc.oneof(fc.record({ message: fc.string() }), fc.record({ a: fc.double(), b: fc.anything() }), fc.jsonValue()) }) },
  { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.record({ level: fc.oneof(fc.constantFrom("debug", "emergency", "loud"), fc.integer()) }) },
  { weight: 1, arbitrary: fc.record({ name: fc.constant("echo"), arguments: fc.record({ message: longStringArb }) }) },
);

const jsonrpcArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.constant("2.0") }, { weight: 1, arbitrary: fc.constantFrom("1.0", "2", 2, null, "") });

function describeMessage(message: Record<string, unknown>, kind: string): FuzzMessage {
  const wellFormed =
    message.jsonrpc === "2.0" &&
    typeof message.method === "string" &&
    isUsableId(message.id) &&
    (message.params === undefined || (typeof message.params === "object" && message.params !== null && !Array.isArray(message.params)));
  const text = JSON.stringify(message);
  if (wellFormed) return { text, answerId: message.id as string | number, otherIds: [], kind };
  return { text, otherIds: "id" in message ? [message.id] : [], kind };
}

const requestArb = fc
  .record({
    jsonrpc: jsonrpcArb,
    id: idArb,
    method: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
    params: fc.option(paramsArb, { nil: undefined }),
  })
  .map((fields) => describeMessage(definedOnly(fields), "request"));

/** Notifications, with ids that never name a live request (a `notifications/cancelled` for one would rightly stop its answer). */
const notificationArb = fc
  .record({
    jsonrpc: jsonrpcArb,
    method: fc.oneof(fc.constantFrom("notifications/initialized", "notifications/cancelled", "notifications/roots/list_changed", "notifications/progress", "notifications/unknown"), fc.string({ maxLength: 30 })),
    params: fc.option(fc.oneof(paramsArb, fc.record({ requestId: fc.string().map((s) => `never-sent-${s}`), reason: fc.string() })), { nil: undefined }),
  })
  .map((fields): FuzzMessage => ({ text: JSON.stringify(definedOnly(fields)), otherIds: [], kind: "notification" }));

const responseShapedArb = fc
  .record({ jsonrpc: jsonrpcArb, id: idArb, result: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), error: fc.option(fc.record({ code: fc.integer(), message: fc.string() }), { nil: undefined }) })
  .map((fields): FuzzMessage => ({ text: JSON.stringify(definedOnly(fields)), otherIds: [fields.id], kind: "response-shaped" }));

const batchArb = fc.array(fc.oneof(requestArb, notificationArb), { minLength: 0, maxLength: 5 }).map(
  (members): FuzzMessage => ({
    text: `[${members.map((m) => m.text).join(",")}]`,
    otherIds: members.flatMap((m) => (m.answerId === undefined ? m.otherIds : [m.answerId])),
    kind: "batch",
  }),
);

/** `tools/call` of echo whose arguments nest `depth` arrays, written as text (JSON.stringify would recurse that deep). */
const deepArb = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom("[", "{")).map(([depth, open]): FuzzMessage => {
  const id = makeId("int", "");
  const nested = open === "[" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"tools/call","params":{"name":"echo","arguments":{"message":"deep","deep":${nested}}}}`;
  return { text, answerId: id as number, otherIds: [], kind: `deep-${open}${depth}` };
});

const nonObjectJsonArb = fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== "object" || v === null).map((v): FuzzMessage => ({ text: JSON.stringify(v), otherIds: [], kind: "non-object" }));

/** Text that is not JSON: random characters, or a message cut short. */
const notJsonArb = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.tuple(requestArb, fc.nat()).map(([m, cut]) => m.text.slice(0, Math.max(1, cut % m.text.length))),
    fc.constantFrom("", " ", "{", "}", "[", "nul", '{"jsonrpc":"2.0",', "\u0000", "\ufeff{}", "{'jsonrpc':'2.0'}"),
  )
  .map((text) => text.replace(/[\r\n]/g, ""))
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  })
  .map((text): FuzzMessage => ({ text, otherIds: [], kind: "not-json" }));

/** Any one message a client might send, well-formed or not; a failure report shows its kind and its first 200 characters. */
export const fuzzMessageArb: fc.Arbitrary<FuzzMessage> = fc
  .oneof(
  { weight: 6, arbitrary: requestArb },
  { weight: 2, arbitrary: notificationArb },
  { weight: 1, arbitrary: responseShapedArb },
  { weight: 1, arbitrary: batchArb },
  { weight: 1, arbitrary: deepArb },
  { weight: 1, arbitrary: nonObjectJsonArb },
  { weight: 2, arbitrary: notJsonArb },
  )
  .map((message) => Object.assign(message, { [fc.toStringMethod]: () => `${message.kind}: ${message.text.slice(0, 200)}${message.text.length > 200 ? `… (${message.text.length} chars)` : ""}` }));

/** A request every server answers (ping, tools/list), well-formed by construction. */
const answerableRequestArb = fc
  .tuple(fc.constantFrom<IdShape>("int", "negative", "max-safe", "string"), fc.string({ maxLength: 12 }), fc.constantFrom("ping", "tools/list"))
  .map(([shape, text, method]) => describeMessage({ jsonrpc: "2.0", id: makeId(shape, text), method }, "request"));

/**
 * What one fuzz run sends: generated messages, one of them a request that must be taken in and
 * answered, so every run checks that the gateway still answers and not only refuses.
 */
export function fuzzSequenceArb(maxLength: number): fc.Arbitrary<FuzzMessage[]> {
  return fc
    .tuple(fc.array(fuzzMessageArb, { minLength: 0, maxLength: maxLength - 1 }), answerableRequestArb, fc.nat())
    .map(([generated, answerable, at]) => [...generated.slice(0, at % (generated.length + 1)), answerable, ...generated.slice(at % (generated.length + 1))]);
}
