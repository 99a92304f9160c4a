import type { z } from "zod";

type Def = { type: string; [key: string]: unknown };

function defOf(schema: unknown): Def | undefined {
  return (schema as { def?: Def } | undefined)?.def;
}

/**
 * Paths of keys in `value` that `schema` does not declare. Objects whose catchall is `any`
 * are open by design (free-form maps) and never reported.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  const def = defOf(schema);
  if (!def) return [];
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return findUnknownKeys(def.innerType as z.ZodType, value, path);
    case "pipe":
      return findUnknownKeys(def.in as z.ZodType, value, path);
    case "lazy":
      return findUnknownKeys((def.getter as () => z.ZodType)(), value, path);
    case "array":
      return Array.isArray(value)
        ? value.flatMap((item, i) => findUnknownKeys(def.element as z.ZodType, item, [...path, i]))
        : [];
    case "record":
      return isPlainObject(value)
        ? Object.entries(value).flatMap(([k, v]) => findUnknownKeys(def.valueType as z.ZodType, v, [...path, k]))
        : [];
    case "union": {
      const match = (def.options as z.ZodType[]).find((option) => option.safeParse(value).success);
      return match ? findUnknownKeys(match, value, path) : [];
    }
    case "object": {
      if (!isPlainObject(value)) return [];
      const shape = def.shape as Record<string, z.ZodType>;
      const open = defOf(def.catchall)?.type === "any";
      return Object.entries(value).flatMap(([k, v]) => {
        const field = shape[k];
        if (field) return findUnknownKeys(field, v, [...path, k]);
        return open ? [] : [[...path, k]];
      });
    }
    default:
      return [];
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
