import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark add / hark remove', () => {
  const tempDir = useTempDirs();

  it('removes a folder that holds files: the command line is the confirmation', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(join(library, 'drums'), { recursive: true });
    tone(join(library, 'drums'), 'kick.wav');
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    await runHark(['--db', db, 'add', join(library, 'drums')], env);
    expect((await runHark(['--db', db, 'index', '--no-analyse'], env)).code).toBe(0);

    // A folder around a library folder is refused, with the reason.
    expect(await runHark(['--db', db, 'add', library], env)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`contains the library folders ${join(library, 'drums')}`),
    });
    expect(await runHark(['--db', db, 'remove', join(library, 'drums')], env)).toMatchObject({
      code: 0,
      stdout: `Removed ${join(library, 'drums')}\n`,
    });
    expect(JSON.parse((await runHark(['--db', db, 'info', '--json'], env)).stdout)).toMatchObject({
      roots: 0,
      files: 0,
    });
  });

  it('--merge adds a folder around a library folder, taking it over with its indexed files', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(join(library, 'drums'), { recursive: true });
    tone(join(library, 'drums'), 'kick.wav');
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    await runHark(['--db', db, 'add', join(library, 'drums')], env);
    expect((await runHark(['--db', db, 'index', '--no-analyse'], env)).code).toBe(0);
    expect((await runHark(['--db', db, 'add', library], env)).code).toBe(2);

    expect(await runHark(['--db', db, 'add', library, '--merge'], env)).toMatchObject({
      code: 0,
      stdout: `Added ${library}\n`,
    });
    expect(JSON.parse((await runHark(['--db', db, 'info', '--json'], env)).stdout)).toMatchObject({
      roots: 1,
      files: 1,
    });
    // Found without another index run: the file came over with the folder.
    const found = await runHark(['--db', db, 'search', 'kick', '--mode', 'keyword', '--json'], env);
    expect(JSON.parse(found.stdout).results.map((hit: { path: string }) => hit.path)).toEqual([
      join(library, 'drums', 'kick.wav'),
    ]);
  });
});
