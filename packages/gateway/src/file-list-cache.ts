import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "@mcpgw/user-files";
import type { ListCache, ServerLists } from "@mcpgw/router";

/**
 * The list cache on disk (`MCPGW_HOME/cache/lists.json`): read once, written atomically a moment
 * after changes, so a restarted gateway lists tools without starting any server.
 */
export function createFileListCache(path: string, onError: (error: Error) => void = () => {}): ListCache & { flush(): Promise<void> } {
  let entries: Record<string, ServerLists> = {};
  try {
    entries = JSON.parse(readFileSync(path, "utf8")) as Record<string, ServerLists>;
  } catch {
    // Missing or unreadable: start empty; the cache is only ever a shortcut.
  }
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(async () => {
      mkdirSync(dirname(path), { recursive: true });
      await writeFileAtomic(path, `${JSON.stringify(entries)}\n`).catch(onError);
    });
    return writing;
  };
  return {
    get: (key) => entries[key],
    set: (key, lists) => {
      entries[key] = lists;
      timer ??= setTimeout(() => void flush(), 200);
      timer.unref?.();
    },
    flush,
  };
}
