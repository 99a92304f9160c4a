// Reading the bearer token of a request and comparing secrets without leaking them by timing.
import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token of an `Authorization: Bearer <token>` header, or `undefined` for none or another scheme. */
export function readBearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1] || undefined;
}

/** Whether a secret can travel as a bearer token: not empty, no whitespace. */
export function isSendableToken(value: string): boolean {
  return /^\S+$/.test(value);
}

/**
 * A secret kept as its SHA-256 digest. Both sides are hashed before `timingSafeEqual`, so it
 * compares equal lengths and the time taken says nothing about the secret.
 */
export class HashedSecret {
  readonly #digest: Buffer;

  constructor(secret: string) {
    this.#digest = digest(secret);
  }

  /** Whether `presented` is the secret, in constant time. */
  matches(presented: string): boolean {
    return timingSafeEqual(digest(presented), this.#digest);
  }
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();
