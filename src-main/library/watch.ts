import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once things settle after files change under any of the folders. The callback re-runs the
 * (incremental) index, which is cheap for unchanged files, so no per-event bookkeeping is needed here.
 */
export function watchFolders(folders: string[], onChange: () => void, settleMs = 1500): () => void {
  let timer: NodeJS.Timeout | null = null;
  const poke = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, settleMs);
  };
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const watcher = watch(folder, { recursive: true, persistent: true }, poke);
      watcher.on('error', () => {}); // a vanished folder shows up as removed files on the next pass
      watchers.push(watcher);
    } catch {
      // An unavailable folder (unmounted drive) is reported by the index pass itself.
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    watchers.forEach((watcher) => watcher.close());
  };
}
