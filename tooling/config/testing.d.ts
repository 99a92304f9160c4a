/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export function freePort(): Promise<number>;

/**
 * A free TCP port on 127.0.0.1, below the kernel's ephemeral range, for a server that must
 * come back on the same port after it stops: bind(0) and outgoing connections never take it.
 */
export function restartablePort(): Promise<number>;

/** `promise`, or a rejection naming `what` after `timeoutMs` (30 s unless told): no wait in a test is unbounded. */
export function within<T>(promise: Promise<T>, what: string, timeoutMs?: number): Promise<T>;
