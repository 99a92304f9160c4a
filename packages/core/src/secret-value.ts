const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[secret]";

/**
 * A secret's value that cannot leak by accident: printing, logging, `JSON.stringify` and
 * `util.inspect` show only `[secret]`. The value is read only through `reveal()`, at the one
 * place that hands it to a server (an environment variable set through an API, a header).
 */
export class SecretValue {
  readonly #value: string;
  /** The secret's name in the provider chain, e.g. `github.personal_access_token`. */
  readonly name: string;
  /** Which provider gave the value, e.g. `store`, `env`, `./.env`. */
  readonly source: string;

  constructor(name: string, value: string, source: string) {
    this.name = name;
    this.#value = value;
    this.source = source;
  }

  /** The plain value. Call it only where the value leaves for a server. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectSymbol](): string {
    return `SecretValue(${this.name} from ${this.source})`;
  }
}
