import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Hark } from '../../src-main/app/hark';
import { probeFile } from '../../src-main/metadata/probe';

/** A real Hark core on a temp database; `modelsDir` empty unless given, so only keyword search runs. */
export function openTestCore(dir: string, modelsDir = join(dir, 'no-models')): Promise<Hark> {
  mkdirSync(modelsDir, { recursive: true });
  return Hark.open({ dbPath: join(dir, 'library.db'), modelsDir, probe: probeFile, workers: 0, keywordOnly: true });
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
