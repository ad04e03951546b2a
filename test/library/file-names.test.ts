import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsPath } from '../../src-main/base/path-bytes';
import { runHark } from '../helpers/cli';
import { openTestCore } from '../helpers/open-core';
import { SONIC_PI } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

// A Latin-1 `café.flac` (63 61 66 e9 2e 66 6c 61 63) in a Latin-1 folder `Geräusche`: names no UTF-8 decoding gives
// back. They used to be reported as "vanished during the scan" and never indexed.
describe('files whose names are not UTF-8', () => {
  const tempDir = useTempDirs();

  it('are catalogued, analysed, found by their Latin-1 name, and open again by the stored path', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const cafe = Buffer.concat([Buffer.from(`${library}/`), latin1('café.flac')]);
    copyFileSync(join(SONIC_PI, 'elec_beep.flac'), cafe);
    const folder = Buffer.concat([Buffer.from(`${library}/`), latin1('Geräusche')]);
    mkdirSync(folder);
    const door = Buffer.concat([folder, latin1('/tür_knarrt.flac')]);
    copyFileSync(join(SONIC_PI, 'elec_blip.flac'), door);
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const dbPath = join(dir, 'library.db');
    expect((await runHark(['--db', dbPath, 'add', library], env)).code).toBe(0);

    const indexed = await runHark(['--db', dbPath, 'index'], env);
    expect(indexed.code).toBe(0);
    expect(indexed.stdout).toContain('Catalogue: 2 files (2 new, 0 changed, 0 moved, 0 removed, 0 unreadable)');
    expect(indexed.stdout).toContain('Analysis: 2 analysed, 0 failed');
    const db = new Database(dbPath, { readonly: true });
    let cafeId: number;
    try {
      cafeId = (db.prepare("SELECT id FROM files WHERE name = 'café.flac'").get() as { id: number }).id;
      expect(db.prepare('SELECT COUNT(*) AS n FROM scan_problems').get()).toEqual({ n: 0 });
      const rows = db.prepare('SELECT path, name, folder, status FROM files ORDER BY name').all();
      expect(rows).toEqual([
        { path: `${library}/caf\uefe9.flac`, name: 'café.flac', folder: library, status: 'analysed' },
        {
          path: `${library}/Ger\uefe4usche/t\ueffcr_knarrt.flac`,
          name: 'tür_knarrt.flac',
          folder: `${library}/Ger\uefe4usche`,
          status: 'analysed',
        },
      ]);
    } finally {
      db.close();
    }

    const found = await runHark(['--db', dbPath, 'search', 'café', '--json'], env);
    expect(found.code).toBe(0);
    const results = (JSON.parse(found.stdout) as { results: { path: string; name: string }[] }).results;
    expect(results.map((hit) => hit.name)).toEqual(['café.flac']);
    // The stored path opens the very file: the same bytes as the sample it was copied from.
    expect(readFileSync(fsPath(results[0]!.path))).toEqual(readFileSync(join(SONIC_PI, 'elec_beep.flac')));
    const door2 = await runHark(['--db', dbPath, 'search', 'tür', '--json'], env);
    expect((JSON.parse(door2.stdout) as { results: { name: string }[] }).results.map((hit) => hit.name)).toEqual([
      'tür_knarrt.flac',
    ]);

    // A second run finds them unchanged (no "vanished", no re-analysis), and the player gets their bytes.
    const again = await runHark(['--db', dbPath, 'index'], env);
    expect(again.stdout).toContain('Catalogue: 2 files (0 new, 0 changed, 0 moved, 0 removed, 0 unreadable)');
    expect(again.stdout).toContain('Analysis: 0 analysed, 0 failed');
    const hark = await openTestCore(dir, env.HARK_MODELS_DIR);
    try {
      const media = await hark.media(cafeId);
      expect(readFileSync(fsPath(media.path))).toEqual(readFileSync(join(SONIC_PI, 'elec_beep.flac')));
      expect(media.size).toBe(readFileSync(join(SONIC_PI, 'elec_beep.flac')).length);
    } finally {
      hark.close();
    }
  }, 120_000);
});
