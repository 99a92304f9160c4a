import { didYouMean, ErrorCode, GatewayError } from "@mcpgw/core";

/**
 * Throws NOT_FOUND naming every one of `names` that is not in `known` (the catalogs' servers),
 * each with the closest names, so that nothing is written for a mistyped name.
 */
export function assertKnownServers(names: readonly string[], known: Iterable<string>): void {
  const knownSet = new Set(known);
  const unknown = [...new Set(names)].filter((n) => !knownSet.has(n));
  if (unknown.length === 0) return;
  const lines = unknown.map((n) => `no server "${n}" in the catalogs.${didYouMean(n, knownSet)}`);
  throw new GatewayError(ErrorCode.NOT_FOUND, lines.join("\n"), {
    data: { unknown },
    suggestion: "`mcpgw catalog show` lists the servers the catalogs offer.",
  });
}
