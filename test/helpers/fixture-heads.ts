import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { modelsDir } from '../../src-main/ml/model-manager';
import { chooseTextTower, type TextTowerInfo } from '../../src-main/ml/text/text-encoder';

const FIXTURE = join(import.meta.dirname, '..', '..', 'training', 'fixture.py');

/** training/fixture.py needs Debian's python3-torch and python3-onnx; the tests of the heads skip without them. */
export const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx']).status === 0;

/**
 * training/fixture.py's heads (seeded random weights) in `dir`, made for `tower`: by default the text tower the app
 * runs here (chooseTextTower: HARK_TEXT_TOWER, else MiniLM when installed, else USE-lite), since the app refuses
 * heads of another tower.
 */
export function makeFixtureHeads(dir: string, tower: TextTowerInfo = chooseTextTower({ modelsDir: modelsDir() })) {
  execFileSync(
    '/usr/bin/python3',
    [FIXTURE, dir, '--text-tower-id', tower.id, '--text-dim', String(tower.dim), '--text-layers', String(tower.layers)],
    { stdio: 'pipe' },
  );
}
