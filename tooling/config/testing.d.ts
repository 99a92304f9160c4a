/** A TCP port on 127.0.0.1 that was free a moment ago: bound to port 0, read, released. */
export function freePort(): Promise<number>;

/**
 * The import cycles among a package's source files (tests left out), type-only imports
 * included. Each cycle is listed once, as paths relative to `srcDir`.
 */
export function importCycles(srcDir: string): string[][];
