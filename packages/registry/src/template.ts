import { ErrorCode, GatewayError } from "@mcpgw/core";

// Docker's catalog templates: `{{filesystem.paths|volume|into}}`, `{{server.key|or:default}}`.
// A template reads a dotted path from the config values; pipes transform what it found.

const TEMPLATE = /\{\{\s*([^{}|]+?)\s*((?:\|[^{}|]*)*)\}\}/g;

/** What rendering found: the text or items, and the paths that had no value. */
export interface Rendered<T> {
  value: T;
  missing: string[];
}

type Value = unknown;

const PIPES: Record<string, (value: Value, arg: string | undefined) => Value> = {
  or: (value, arg) => (isEmpty(value) ? (arg ?? "") : value),
  // A host path mounted at the same path in the container.
  volume: (value) => mapValues(value, (v) => (v.includes(":") ? v : `${v}:${v}`)),
  "volume-target": (value) => mapValues(value, (v) => v.split(":")[1] ?? v),
  // Marks a list to expand into several items; expansion itself is done by renderList.
  into: (value) => value,
  json: (value) => JSON.stringify(value ?? null),
  join: (value, arg) => (Array.isArray(value) ? value.map(String).join(arg ?? ",") : value),
};

/** Renders a string with templates in it; lists become comma-separated. */
export function renderString(template: string, data: Record<string, unknown>): Rendered<string> {
  const missing: string[] = [];
  const value = template.replace(TEMPLATE, (_, path: string, pipes: string) => {
    const v = evaluate(path, pipes, data, missing);
    return Array.isArray(v) ? v.map(String).join(",") : v === undefined || v === null ? "" : String(v);
  });
  return { value, missing };
}

/**
 * Renders a list (a command, volumes): an item that is one template whose value is a list
 * expands into one item per element; items that render empty are dropped.
 */
export function renderList(items: readonly string[], data: Record<string, unknown>): Rendered<string[]> {
  const missing: string[] = [];
  const out: string[] = [];
  for (const item of items) {
    const whole = /^\{\{\s*([^{}|]+?)\s*((?:\|[^{}|]*)*)\}\}$/.exec(item.trim());
    if (whole) {
      const v = evaluate(whole[1]!, whole[2]!, data, missing);
      if (Array.isArray(v)) out.push(...v.map(String).filter((s) => s !== ""));
      else if (v !== undefined && v !== null && String(v) !== "") out.push(String(v));
      continue;
    }
    const rendered = renderString(item, data);
    missing.push(...rendered.missing);
    if (rendered.value !== "") out.push(rendered.value);
  }
  return { value: out, missing };
}

/** The paths a string's templates read, e.g. `["filesystem.paths"]`. */
export function templatePaths(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1]!.trim());
}

function evaluate(path: string, pipes: string, data: Record<string, unknown>, missing: string[]): Value {
  let value: Value = lookup(data, path.trim().split("."));
  const steps = pipes.split("|").slice(1).map((p) => p.trim());
  if (value === undefined && !steps.some((s) => s.startsWith("or:") || s === "or")) missing.push(path.trim());
  for (const step of steps) {
    const colon = step.indexOf(":");
    const name = colon === -1 ? step : step.slice(0, colon);
    const pipe = PIPES[name];
    if (!pipe) {
      throw new GatewayError(ErrorCode.CONFIG_INVALID, `unknown template pipe "${name}" in {{${path}${pipes}}}`, {
        suggestion: `pipes are ${Object.keys(PIPES).join(", ")}`,
      });
    }
    value = pipe(value, colon === -1 ? undefined : step.slice(colon + 1));
  }
  return value;
}

function lookup(data: Record<string, unknown>, path: string[]): Value {
  let at: unknown = data;
  for (const key of path) {
    if (typeof at !== "object" || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function mapValues(value: Value, fn: (v: string) => string): Value {
  if (Array.isArray(value)) return value.map((v) => fn(String(v)));
  return value === undefined || value === null ? value : fn(String(value));
}

function isEmpty(value: Value): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}
