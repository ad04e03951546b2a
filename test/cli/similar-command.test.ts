import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { sonicPi } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// `hark similar` in the built CLI, on real files analysed with the installed audio model.
describe('hark similar', () => {
  const tempDir = useTempDirs();

  it('lists the sounds nearest to a file of the library, and refuses one outside it or not analysed', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const kick = sonicPi(library, 'bd_haus.flac', 'kick_a.flac');
    sonicPi(library, 'bd_fat.flac', 'kick_b.flac');
    sonicPi(library, 'ambi_choir.flac', 'choir.flac');
    sonicPi(library, 'elec_blip.flac', 'blip.flac');
    const db = join(dir, 'library.db');
    const hark = (...args: string[]) => runHark(['--db', db, ...args]);
    expect((await hark('add', library)).code).toBe(0);
    expect((await hark('index')).code).toBe(0);

    const json = await hark('similar', kick, '--json', '--limit', '3');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as { query: string; results: { name: string; score: number }[] };
    expect(result.query).toBe('like kick_a.flac');
    const names = result.results.map((hit) => hit.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain('kick_a.flac');
    expect(names[0]).toBe('kick_b.flac'); // another kick sounds more like it than a choir or a blip
    const text = await hark('similar', kick);
    expect(text.stdout).toContain(join(library, 'kick_b.flac'));

    const outside = await hark('similar', join(dir, 'elsewhere.wav'));
    expect(outside.code).toBe(2);
    const stranger = sonicPi(dir, 'bd_808.flac', 'not-in-library.flac');
    const notIn = await hark('similar', stranger);
    expect(notIn.code).toBe(2);
    expect(notIn.stderr).toContain('is not in the library');
  }, 120_000);
});
