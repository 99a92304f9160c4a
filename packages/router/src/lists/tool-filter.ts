/**
 * Docker's `--tools` patterns: `*` (all), `tool` (a tool of any server), `server:tool`,
 * `server:*`. No patterns means every tool.
 */
export function createToolFilter(patterns: readonly string[]): (server: string, tool: string) => boolean {
  if (patterns.length === 0 || patterns.includes("*")) return () => true;
  const parsed = patterns.map((p) => {
    const colon = p.indexOf(":");
    return colon === -1 ? { server: "*", tool: p } : { server: p.slice(0, colon), tool: p.slice(colon + 1) };
  });
  return (server, tool) => parsed.some((p) => (p.server === "*" || p.server === server) && (p.tool === "*" || p.tool === tool));
}
