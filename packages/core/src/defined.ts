/** Keys of `T` whose value may be `undefined` (optional or not). */
type MaybeUndefinedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** `T` with every key that may hold `undefined` made optional and its `undefined` dropped. */
export type DefinedOnly<T> = { [K in Exclude<keyof T, MaybeUndefinedKeys<T>>]: T[K] } & {
  [K in MaybeUndefinedKeys<T>]?: Exclude<T[K], undefined>;
};

/**
 * A copy of a plain object without its `undefined` values, so that an absent option stays
 * absent: it does not wipe a default it is spread over, show up in `"key" in object`, or
 * get written out as a key (YAML, structured clones, `toStrictEqual`).
 * @example definedOnly({ name: "notes", prefix: undefined }) // { name: "notes" }
 */
export function definedOnly<T extends object>(value: T): DefinedOnly<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as DefinedOnly<T>;
}
