import { join } from 'node:path';
import { defaultDbPath } from '../base/paths';
import { loadUcsTable, type UcsTable } from '../metadata/ucs';
import { modelsDir, modelStatus } from '../ml/model-manager';
import { catalogueProbe } from './catalogue-probe';
import { Hark } from './hark';

export interface OpenOptions {
  dbPath?: string;
  workers?: number;
  keywordOnly?: boolean;
}

/** Hark wired with the real probe and models folder: what the CLI, the HTTP mode and the Electron shell open. */
export async function openHark(options: OpenOptions = {}): Promise<Hark> {
  const dir = modelsDir();
  const ucsTable = await ucsTableIfInstalled(dir);
  return Hark.open({
    dbPath: options.dbPath ?? defaultDbPath(),
    modelsDir: dir,
    probe: catalogueProbe(ucsTable),
    ucsTable,
    workers: options.workers,
    keywordOnly: options.keywordOnly,
  });
}

/** Without the UCS table, UCS file names are simply not recognised: cataloguing goes on. */
async function ucsTableIfInstalled(dir: string): Promise<UcsTable | null> {
  try {
    if ((await modelStatus('ucs', dir)).state !== 'installed') return null;
    return await loadUcsTable(join(dir, 'ucs'));
  } catch {
    return null;
  }
}
