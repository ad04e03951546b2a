import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openHark } from '../app/open-hark';
import type { Hark } from '../app/hark';

/** Opens the library named by the global --db option. */
export function openFromCommand(
  command: Command,
  options: { keywordOnly?: boolean; workers?: number } = {},
): Promise<Hark> {
  const { db } = command.optsWithGlobals<{ db?: string }>();
  return openHark({ dbPath: db ? resolve(db) : undefined, ...options });
}

/** Runs `run` with the library open for a quick command (no text model), closing it whatever happens. */
export async function withLibrary(command: Command, run: (hark: Hark) => Promise<void>): Promise<void> {
  const hark = await openFromCommand(command, { keywordOnly: true });
  try {
    await run(hark);
  } finally {
    hark.close();
  }
}
