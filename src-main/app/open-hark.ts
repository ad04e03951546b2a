import { defaultDbPath } from '../base/paths';
import { probeFile } from '../metadata/probe';
import { modelsDir } from '../ml/model-manager';
import { Hark } from './hark';

export interface OpenOptions {
  dbPath?: string;
  workers?: number;
  keywordOnly?: boolean;
}

/** Hark wired with the real probe and models folder: what the CLI, the HTTP mode and the Electron shell open. */
export function openHark(options: OpenOptions = {}): Promise<Hark> {
  return Hark.open({
    dbPath: options.dbPath ?? defaultDbPath(),
    modelsDir: modelsDir(),
    probe: probeFile,
    workers: options.workers,
    keywordOnly: options.keywordOnly,
  });
}
