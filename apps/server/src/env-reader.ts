import { parseSize } from "@mcpgw/core";

/** An environment as `process.env` holds it. */
export type Environment = Readonly<Record<string, string | undefined>>;

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/**
 * Reads settings from environment variables, collecting every problem (each naming its
 * variable) instead of stopping at the first, so that one start reports all of them.
 * An empty value counts as unset: compose passes `${UNSET}` through as "".
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Environment) {}

  /** The value without surrounding blanks, or `undefined` when unset or empty. */
  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** `true`/`false`, also `1`/`0`, `yes`/`no`, `on`/`off`, in any case. */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    return this.problem(`${name} must be true or false (or 1/0, yes/no, on/off), not ${JSON.stringify(value)}`);
  }

  /** A comma-separated list; blanks around items and empty items are dropped. */
  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const items = value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    return items.length > 0 ? items : undefined;
  }

  /** A TCP port, 0 (any free port) to 65535. */
  port(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
    if (!(port >= 0 && port <= 65_535)) return this.problem(`${name} must be a port number from 0 to 65535, not ${JSON.stringify(value)}`);
    return port;
  }

  /** A number greater than zero, such as `0.5` or `2`. */
  positiveNumber(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number > 0)) return this.problem(`${name} must be a number greater than 0, such as 1 or 0.5, not ${JSON.stringify(value)}`);
    return number;
  }

  /** A whole number greater than zero, such as `50`. */
  positiveInteger(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(number > 0 && Number.isSafeInteger(number))) return this.problem(`${name} must be a whole number greater than 0, such as 50, not ${JSON.stringify(value)}`);
    return number;
  }

  /** A size as Docker writes it (`512m`, `2Gb`), checked here and returned as written. */
  size(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    try {
      parseSize(value);
      return value;
    } catch {
      return this.problem(`${name} must be a size such as 512Mb or 2Gb, not ${JSON.stringify(value)}`);
    }
  }

  /** One of `choices`, compared without regard to case. */
  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const found = choices.find((choice) => choice === value.toLowerCase());
    if (found === undefined) return this.problem(`${name} must be ${choices.join(" or ")}, not ${JSON.stringify(value)}`);
    return found;
  }

  /** Records a problem; returns `undefined` so that callers can `return this.problem(…)`. */
  problem(message: string): undefined {
    this.problems.push(message);
    return undefined;
  }
}
