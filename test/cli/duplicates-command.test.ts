import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DuplicatesResult } from '../../src-main/api/contract';
import { modelsDir } from '../../src-main/ml/model-manager';
import { runHark } from '../helpers/cli';
import { sonicPi } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// The built `hark` (npm run build first) on real files, with the installed audio model for near duplicates.
describe('hark duplicates', () => {
  const tempDir = useTempDirs();

  it('prints exact and near groups with the keeper marked, as text and JSON, and refuses a bad folder', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(join(library, 'pack'), { recursive: true });
    const flac = sonicPi(join(library, 'pack'), 'elec_bell.flac', 'bell.flac');
    const wav = join(library, 'bell.wav');
    execFileSync('sox', [flac, wav]);
    execFileSync('oggenc', ['-Q', '-q', '5', wav, '-o', join(library, 'bell.ogg')]);
    sonicPi(library, 'elec_chime.flac');
    const env = { HARK_MODELS_DIR: modelsDir() };
    const db = join(dir, 'library.db');
    const hark = (...args: string[]) => runHark(['--db', db, ...args], env);
    expect((await hark('add', library)).code).toBe(0);
    expect((await hark('index')).code).toBe(0);

    const text = await hark('duplicates');
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toContain(
      ['exact (2 files; keep: largest file)', `  * keep ${wav}  (wav, 44100 Hz, 16-bit, mono, 0:00.3, `].join('\n'),
    );
    expect(text.stdout).toContain(`         ${flac}  (flac, 44100 Hz, 16-bit, mono, 0:00.3, `);
    expect(text.stdout).toMatch(
      /near \(2 files; keep: lossless\)\n {2}\* keep .*bell\.wav .*similarity 0\.9\d\d\)\n {9}.*bell\.ogg/,
    );
    expect(text.stdout).toContain('1 exact group, 1 near group (4 files looked at, 3 decoded)\n');
    expect(text.stdout).not.toContain('elec_chime');

    const json = await hark('duplicates', '--json', '--exact-only', library);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as DuplicatesResult;
    expect(result).toMatchObject({ exactGroups: 1, nearGroups: 0, hashed: 0, files: 4 });
    expect(result.groups[0]!.files.map((file) => file.path)).toEqual([wav, flac]);
    expect((await hark('duplicates', '--exact-only')).stdout).toContain(
      '1 exact group (4 files looked at, 0 decoded)\n',
    );

    expect(await hark('duplicates', join(dir, 'nowhere'))).toMatchObject({
      code: 2,
      stderr: `hark: ${join(dir, 'nowhere')}: no such folder\n`,
    });
    expect(await hark('duplicates', wav)).toMatchObject({ code: 2, stderr: `hark: ${wav}: not a folder\n` });
    expect((await hark('duplicates', '--keep-all')).code).not.toBe(0);
  }, 120_000);
});
