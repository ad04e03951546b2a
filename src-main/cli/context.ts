import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openHark } from '../app/open-hark';
import type { Hark } from '../app/hark';

/** Opens the library named by the global --db option. */
export function openFromCommand(command: Command, options: { keywordOnly?: boolean; workers?: number } = {}): Promise<Hark> {
  const { db } = command.optsWithGlobals<{ db?: string }>();
  return openHark({ dbPath: db ? resolve(db) : undefined, ...options });
}
