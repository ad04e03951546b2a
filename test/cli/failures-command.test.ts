import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailedFile } from '../../src-main/api/contract';
import { runHark } from '../helpers/cli';
import { BROKEN_FILES, LOOPS, problemLibrary, type ProblemLibrary } from '../helpers/problem-library';

const TOTAL = BROKEN_FILES + LOOPS.length;

// Runs the built CLI (`npm run build` first) on a library with more than a thousand problems.
describe('hark failures', () => {
  let lib: ProblemLibrary;
  const hark = (...args: string[]) => runHark(['--db', lib.db, 'failures', ...args], lib.env);

  beforeAll(async () => {
    lib = await problemLibrary();
  }, 120_000);
  afterAll(() => lib?.remove());

  it('lists every problem as JSON, scan problems with their stage included', async () => {
    const out = await hark('--json');
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const failures = JSON.parse(out.stdout) as FailedFile[];
    expect(failures).toHaveLength(TOTAL);
    expect(new Set(failures.map((f) => f.path)).size).toBe(TOTAL);
    expect(failures.filter((f) => f.stage === 'catalogue')).toHaveLength(BROKEN_FILES);
    expect(failures.filter((f) => f.stage === 'scan').map((f) => [f.path, f.reason])).toEqual(
      expect.arrayContaining(LOOPS.map((loop) => [join(lib.library, loop), 'symbolic link loop'])),
    );
  });

  it('lists every problem as text, one line each', async () => {
    const out = await hark();
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(TOTAL);
    expect(lines).toContain(`scan      ${join(lib.library, 'loop.wav')}: symbolic link loop`);
    expect(lines.filter((line) => line.startsWith('catalogue '))).toHaveLength(BROKEN_FILES);
  });

  it('says how many more there are past a limit, and pages on from an offset', async () => {
    const text = await hark('--limit', '1000');
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines.at(-1)).toBe(`... ${TOTAL - 1000} more not listed: hark failures --offset 1000`);

    const json = await hark('--json', '--limit', '1000');
    expect(JSON.parse(json.stdout)).toHaveLength(1000);
    expect(json.stderr).toBe(`hark: ${TOTAL - 1000} more not listed: hark failures --offset 1000\n`);

    const rest = await hark('--json', '--offset', '1000');
    expect(rest).toMatchObject({ code: 0, stderr: '' });
    const first = JSON.parse(json.stdout) as FailedFile[];
    const second = JSON.parse(rest.stdout) as FailedFile[];
    expect(second).toHaveLength(TOTAL - 1000);
    expect([...first, ...second]).toEqual(JSON.parse((await hark('--json')).stdout));

    const last = await hark('--limit', '5', '--offset', String(TOTAL - 2));
    expect(last.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses a limit or offset that is not a count', async () => {
    expect(await hark('--limit', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') });
    expect(await hark('--offset', '-3')).toMatchObject({ code: 2, stderr: expect.stringContaining('--offset') });
  });
});
