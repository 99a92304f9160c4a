/**
 * One place secret values come from: the local store, a `.env` file, the process environment,
 * a folder of mounted secret files. Providers are read-only to the chain; only the local store
 * is also written, through its own methods.
 *
 * A provider never returns an empty string: an empty value means "not set here" so that the
 * next provider in the chain gets its turn (compose and CI templating often leave a variable
 * empty rather than unset).
 */
export interface SecretProvider {
  /** Who this is in messages and in `SecretValue.source`: `store`, `env`, `./.env`, `/run/secrets`. */
  readonly name: string;
  /** The value of `key`, or `undefined` when this provider does not have it. */
  get(key: string): Promise<string | undefined>;
  /** The names of the secrets this provider has; never their values. */
  list(): Promise<string[]>;
}
