import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHark, startHark } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark index --watch', () => {
  const tempDir = useTempDirs();

  it('picks up files added and removed while it runs', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    tone(library, 'first.wav');
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    await runHark(['--db', db, 'add', library], env);
    const child = startHark(['--db', db, 'index', '--watch'], env);
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const names = () => {
      const handle = new Database(db, { readonly: true });
      try {
        return (handle.prepare('SELECT name FROM files ORDER BY name').pluck().all() as string[]).join(',');
      } finally {
        handle.close();
      }
    };
    try {
      await waitFor(() => output.includes('Watching'), 60_000);
      tone(library, 'second.wav');
      await waitFor(() => names() === 'first.wav,second.wav', 60_000);
      rmSync(join(library, 'first.wav'));
      await waitFor(() => names() === 'second.wav', 60_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(names()).toBe('second.wav');
  });
});
