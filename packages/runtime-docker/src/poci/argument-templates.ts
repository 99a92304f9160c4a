import { ErrorCode, GatewayError } from "@mcpgw/core";

// Docker's poci templates: an item of a tool container's `command` or `volumes` is text with
// `{{path|filter|…}}` terms, `path` a dotted path into the call's arguments. An item that is one
// term and whose value is a list becomes one item per element (`{{args|into}}` hands a list of
// arguments to the entrypoint); a missing value is empty text, and such an item is dropped.

const TERM = /\{\{(.*?)\}\}/g;

/**
 * Fills one list of templates from a call's arguments. Filters: `into` and `safe` (the value as
 * it is), `first`, `last` (of a list), `or:TEXT` (when the value is missing or empty). Values
 * never pass through a shell: each ends up as one argv item or part of one.
 * @example
 * renderToolArguments(["run", "{{args|into}}"], { args: ["-d", "nginx"] }); // ["run", "-d", "nginx"]
 */
export function renderToolArguments(templates: readonly string[], args: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const template of templates) {
    const whole = /^\{\{(.*?)\}\}$/.exec(template);
    if (whole) {
      const value = evaluate(whole[1]!, args);
      if (Array.isArray(value)) out.push(...value.map(text));
      else if (value !== undefined) out.push(text(value));
      continue;
    }
    out.push(template.replace(TERM, (_, term: string) => {
      const value = evaluate(term, args);
      return value === undefined ? "" : Array.isArray(value) ? value.map(text).join(" ") : text(value);
    }));
  }
  return out;
}

function evaluate(term: string, args: Record<string, unknown>): unknown {
  const [path = "", ...filters] = term.split("|").map((part) => part.trim());
  let value = dig(path, args);
  for (const filter of filters) {
    if (filter === "into" || filter === "safe") continue;
    if (filter === "first") value = Array.isArray(value) ? value[0] : value;
    else if (filter === "last") value = Array.isArray(value) ? value.at(-1) : value;
    else if (filter.startsWith("or:")) value = isEmpty(value) ? filter.slice(3) : value;
    else throw new GatewayError(ErrorCode.CONFIG_INVALID, `template "{{${term}}}": unknown filter "${filter}" (known: into, safe, first, last, or:TEXT)`);
  }
  return value;
}

function dig(path: string, args: Record<string, unknown>): unknown {
  let value: unknown = args;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === null ? undefined : value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}
