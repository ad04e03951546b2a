import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark CLI', () => {
  const tempDir = useTempDirs();

  function setUp() {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const library = join(dir, 'library');
    mkdirSync(join(library, 'drums'), { recursive: true });
    mkdirSync(join(library, 'ambience'));
    sonicPi(join(library, 'drums'), 'bd_haus.flac', 'kick_haus.flac');
    sonicPi(join(library, 'drums'), 'sn_dolf.flac', 'snare_dolf.flac');
    sonicPi(join(library, 'ambience'), 'ambi_choir.flac');
    tone(library, 'tone_440.wav');
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    return { dir, library, env, db };
  }

  it('adds a folder, indexes it and finds files by name as JSON', async () => {
    const { library, env, db } = setUp();
    expect(await runHark(['--db', db, 'add', library], env)).toMatchObject({ code: 0, stdout: `Added ${library}\n` });
    const index = await runHark(['--db', db, 'index'], env);
    expect(index.code).toBe(0);
    expect(index.stdout).toContain('Catalogue: 4 files (4 new');
    expect(index.stdout).toContain('Analysis: 4 analysed, 0 failed');

    const search = await runHark(['--db', db, 'search', 'kick', '--json'], env);
    expect(search.code).toBe(0);
    const result = JSON.parse(search.stdout);
    expect(result.query).toBe('kick');
    expect(result.results[0]).toMatchObject({
      path: join(library, 'drums', 'kick_haus.flac'),
      name: 'kick_haus.flac',
      format: 'flac',
    });
    expect(result.results[0].explanation.matchedTerms).toEqual(['kick']);
    expect(result.results[0].score).toBeGreaterThan(0);

    const folderSearch = JSON.parse((await runHark(['--db', db, 'search', 'drums -snare', '--json'], env)).stdout);
    expect(folderSearch.results.map((r: { name: string }) => r.name)).toEqual(['kick_haus.flac']);

    const info = JSON.parse((await runHark(['--db', db, 'info', '--json'], env)).stdout);
    expect(info).toMatchObject({ roots: 1, files: 4, analysed: 4, failed: 0 });
    expect(info.model.installed).toBe(false);
  });

  it('answers a file of queries with one JSON line each', async () => {
    const { library, env, db, dir } = setUp();
    await runHark(['--db', db, 'add', library], env);
    await runHark(['--db', db, 'index', '--no-analyse'], env);
    writeFileSync(join(dir, 'queries.txt'), 'kick\nsnare\n\nchoir\n');
    const out = await runHark(['--db', db, 'search', '--queries', join(dir, 'queries.txt'), '--limit', '3'], env);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.query, line.results[0]?.name])).toEqual([
      ['kick', 'kick_haus.flac'],
      ['snare', 'snare_dolf.flac'],
      ['choir', 'ambi_choir.flac'],
    ]);
  });

  it('records every bad file with a reason and indexes the rest', async () => {
    const { library, env, db } = setUp();
    writeFileSync(join(library, 'corrupt.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'latin1'));
    writeFileSync(join(library, 'empty.wav'), '');
    execFileSync('lame', ['--quiet', join(library, 'tone_440.wav'), join(library, 'really-an-mp3.wav')]);
    copyFileSync(join(library, 'tone_440.wav'), join(library, 'locked.wav'));
    chmodSync(join(library, 'locked.wav'), 0o000);
    writeFileSync(join(library, 'notes.txt'), 'not audio, not an audio name: ignored');

    await runHark(['--db', db, 'add', library], env, { asNobody: true });
    const index = await runHark(['--db', db, 'index'], env, { asNobody: true });
    expect(index.code).toBe(0);
    const failures = JSON.parse(
      (await runHark(['--db', db, 'failures', '--json'], env, { asNobody: true })).stdout,
    ) as { path: string; reason: string }[];
    const reasonOf = (name: string) => failures.find((f) => f.path.endsWith(name))?.reason;
    expect(reasonOf('corrupt.wav')).toMatch(/truncated|chunk/i);
    expect(reasonOf('empty.wav')).toMatch(/empty/i);
    expect(reasonOf('locked.wav')).toMatch(/permission denied/i);
    expect(reasonOf('really-an-mp3.wav')).toBeUndefined();
    const info = JSON.parse((await runHark(['--db', db, 'info', '--json'], env, { asNobody: true })).stdout);
    // kick, snare, choir, tone and the mp3-named-wav analyse; corrupt and empty fail; locked cannot even be read.
    expect(info.analysed).toBe(5);
    const mp3 = JSON.parse((await runHark(['--db', db, 'search', 'really', '--json'], env, { asNobody: true })).stdout);
    expect(mp3.results[0]).toMatchObject({ name: 'really-an-mp3.wav', format: 'mp3' });
  });

  it('fails clearly, with a non-zero exit, on wrong use', async () => {
    const { env, db, dir } = setUp();
    expect(await runHark(['--db', db, 'index'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('hark add'),
    });
    expect(await runHark(['--db', db, 'add', join(dir, 'nope')], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('does not exist'),
    });
    expect(await runHark(['--db', db, 'search'], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give a query'),
    });
    expect((await runHark(['--db', db, 'search', 'x', '--limit', 'many'], env)).code).toBe(2);
    expect((await runHark(['--db', db, 'frobnicate'], env)).code).not.toBe(0);
  });
});
