/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export function freePort(): Promise<number>;
