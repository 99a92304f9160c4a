/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates closest to a mistyped name, best first: those within a third of the name's
 * length in edits, and those that contain it or that it contains.
 * @example closestNames("githb", ["github", "gitlab", "memory"]) // ["github", "gitlab"]
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => {
      const c = candidate.toLowerCase();
      const contains = c.includes(wanted) || wanted.includes(c);
      return { candidate, distance: contains ? 0.5 : editDistance(wanted, c) };
    })
    .filter((s) => s.distance <= limit)
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, max)
    .map((s) => s.candidate);
}

/** ` Did you mean "a" or "b"?`, or nothing when there is no close name. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return "";
  const quoted = close.map((c) => `"${c}"`);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`}?`;
}
