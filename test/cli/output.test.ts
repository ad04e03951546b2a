import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHark, runHarkPiped } from '../helpers/cli';
import { BROKEN_FILES, LOOPS, problemLibrary, RAIN_FILES, type ProblemLibrary } from '../helpers/problem-library';

const PIPE_BUFFER = 64 * 1024;
// Starts reading only once the pipe is full and hark has had time to exit, then reads everything.
const SLOW_READER = '{ sleep 1; cat; }';

// Runs the built CLI (`npm run build` first) with its output into real pipes.
describe('hark output through a pipe', () => {
  let lib: ProblemLibrary;
  const hark = (args: string[], reader: string) => runHarkPiped(['--db', lib.db, ...args], reader, lib.env);

  beforeAll(async () => {
    lib = await problemLibrary();
  }, 120_000);
  afterAll(() => lib?.remove());

  it('writes the whole CSV to a reader that is slow to start, as the file export does', async () => {
    const file = join(lib.dir, 'library.csv');
    expect((await runHark(['--db', lib.db, 'export-csv', file], lib.env)).code).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written.length).toBeGreaterThan(2 * PIPE_BUFFER);

    const piped = await hark(['export-csv', '-'], SLOW_READER);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    expect(piped.stdout.length).toBe(written.length);
    expect(piped.stdout).toBe(written);
  });

  it('writes all of search --json and failures --json', async () => {
    const search = await hark(['search', 'rain', '--mode', 'keyword', '--json', '--limit', '1000'], SLOW_READER);
    expect(search).toMatchObject({ code: 0, stderr: '' });
    expect(search.stdout.length).toBeGreaterThan(PIPE_BUFFER);
    expect(JSON.parse(search.stdout).results).toHaveLength(RAIN_FILES);

    const failures = await hark(['failures', '--json'], SLOW_READER);
    expect(failures).toMatchObject({ code: 0, stderr: '' });
    expect(failures.stdout.length).toBeGreaterThan(PIPE_BUFFER);
    expect(JSON.parse(failures.stdout)).toHaveLength(BROKEN_FILES + LOOPS.length);
  });

  it('keeps the exit code of a failed command while its output drains', async () => {
    const bad = await hark(['search', 'rain', '--mode', 'nonsense'], SLOW_READER);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--mode must be');
  });

  it('ends quietly, with no stack trace, when the reader closes early', async () => {
    // `true` exits before hark writes a byte: the first write meets a closed pipe.
    for (const args of [['info'], ['failures'], ['export-csv', '-']])
      expect(await hark(args, 'true')).toMatchObject({ code: 0, stderr: '' });
    // `head` reads a little, then closes the pipe while most of the export is still to be written.
    const head = await hark(['export-csv', '-'], 'head -c 100');
    expect(head).toMatchObject({ code: 0, stderr: '' });
    expect(head.stdout).toHaveLength(100);
  });
});
