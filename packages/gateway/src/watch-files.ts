import { watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { dirname } from "node:path";

/**
 * Calls `onChange` (debounced) when any of the files changes. Folders are watched rather than
 * files, because editors and mcpgw itself replace files by renaming, which ends a file watch.
 */
export function watchFiles(files: readonly string[], folders: readonly string[], onChange: () => void, debounceMs = 150): () => void {
  const names = new Set(files.map((f) => f.split("/").at(-1)));
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const dirs = new Set([...files.map((f) => dirname(f)), ...folders]);
  for (const dir of dirs) {
    try {
      const watcher = watch(dir, (_event, name) => {
        if (folders.includes(dir) || (name && names.has(String(name)))) fire();
      });
      watcher.on("error", () => {});
      watchers.push(watcher);
    } catch {
      // A folder that does not exist yet cannot be watched; its files appear in a watched parent.
    }
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
