/**
 * Walks of parsed JSON, with an explicit stack rather than recursion: tool results come from
 * servers we do not control, and JSON.parse accepts nesting deep enough to overflow a
 * recursive walk. Object keys are not visited: they are field names, not values.
 */

/** Where a value sits in the walk: its parent's place and the step from there, spelled only when asked. */
interface Place {
  parent: Place | undefined;
  step: string | number;
}

/**
 * Calls `visit` with each string in `value`, in document order, and a function that spells its
 * JSON path (`$.a[0]["b c"]`): most strings are never asked for theirs.
 */
export function forEachJsonString(value: unknown, visit: (text: string, path: () => string) => void): void {
  const stack: { value: unknown; place: Place | undefined }[] = [{ value, place: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const current = item.value;
    if (typeof current === "string") {
      const { place } = item;
      visit(current, () => pathOf(place));
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], place: { parent: item.place, step: i } });
    } else if (isRecord(current)) {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: current[key], place: { parent: item.place, step: key } });
      }
    }
  }
}

function pathOf(place: Place | undefined): string {
  const steps: string[] = [];
  for (let at = place; at !== undefined; at = at.parent) steps.push(typeof at.step === "number" ? `[${at.step}]` : pathStep(at.step));
  return `$${steps.reverse().join("")}`;
}

/** A copy of `value` with every string passed through `map`; other leaves are kept as they are. */
export function mapJsonStrings<T>(value: T, map: (text: string) => string): T {
  const root: unknown[] = [value];
  const stack: { holder: unknown[] | Record<string, unknown>; key: number | string }[] = [{ holder: root, key: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { holder, key } = item;
    const current = (holder as Record<string | number, unknown>)[key];
    let next: unknown = current;
    if (typeof current === "string") {
      next = map(current);
    } else if (Array.isArray(current)) {
      const copy = current.slice();
      for (let i = 0; i < copy.length; i++) stack.push({ holder: copy, key: i });
      next = copy;
    } else if (isRecord(current)) {
      // Spread defines own properties, so a `__proto__` key is copied as data, not as a prototype.
      const copy: Record<string, unknown> = { ...current };
      for (const k of Object.keys(copy)) stack.push({ holder: copy, key: k });
      next = copy;
    }
    if (Array.isArray(holder)) holder[key as number] = next;
    // defineProperty, not assignment: a `__proto__` key must stay data, never set a prototype.
    else Object.defineProperty(holder, key, { value: next, writable: true, enumerable: true, configurable: true });
  }
  // The walk rebuilds the same shape, only with other strings, so the type still holds.
  return root[0] as T;
}

/** Plain objects only: parsed JSON never holds class instances, and those are left alone. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function pathStep(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
