// `hark search` in the built CLI: the count is the matches, weaker ones follow a line, and a file whose audio
// cannot be decoded is listed last and marked, in text and in JSON.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { sonicPi, tone, undecodableWav } from '../helpers/sounds';

interface JsonHit {
  path: string;
  name: string;
  score: number;
  belowLine: boolean;
  explanation: { unreadable?: boolean; notAnalysed?: boolean };
}

describe('hark search: matches, the line and unreadable files', () => {
  // One library for both tests (indexing is the slow part), removed when they are done.
  let dir: string;
  let db: string;
  let env: Record<string, string>;
  let library: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-test-'));
    chmodSync(dir, 0o777);
    library = join(dir, 'library');
    mkdirSync(join(library, 'drums'), { recursive: true });
    sonicPi(join(library, 'drums'), 'bd_haus.flac', 'kick_haus.flac');
    sonicPi(join(library, 'drums'), 'sn_dolf.flac', 'snare_dolf.flac');
    undecodableWav(join(library, 'drums'), 'kick_broken.wav');
    tone(library, 'tone_440.wav');
    const models = join(dir, 'models');
    mkdirSync(models);
    env = { HARK_MODELS_DIR: models };
    db = join(dir, 'library.db');
    expect((await runHark(['--db', db, 'add', library], env)).code).toBe(0);
    expect((await runHark(['--db', db, 'index'], env)).code).toBe(0);
    const failures = JSON.parse((await runHark(['--db', db, 'failures', '--json'], env)).stdout) as {
      path: string;
      stage: string;
    }[];
    expect(failures.map((f) => [f.path, f.stage])).toEqual([[join(library, 'drums', 'kick_broken.wav'), 'decode']]);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the unreadable file after the line, marked, and counts only the playable match', async () => {
    const out = await runHark(['--db', db, 'search', 'kick'], env);
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    const rule = lines.findIndex((line) => line.includes('weaker matches, below the line'));
    const kick = lines.findIndex((line) => line.includes('kick_haus.flac'));
    const broken = lines.findIndex((line) => line.includes('kick_broken.wav'));
    expect(kick).toBeGreaterThanOrEqual(0);
    expect(rule).toBeGreaterThan(kick);
    expect(broken).toBeGreaterThan(rule);
    expect(lines[broken]).toContain('[unreadable]');
    expect(lines[kick]).not.toContain('[unreadable]');
    expect(lines.at(-1)).toMatch(/^1 match \(1 weaker below the line\) in [\d.]+ ms \(keyword\)$/);
  });

  it('passes the counts and the per-hit marks through --json', async () => {
    const out = await runHark(['--db', db, 'search', 'kick', '--json'], env);
    const result = JSON.parse(out.stdout) as { total: number; belowLine: number; results: JsonHit[] };
    expect(result.total).toBe(1);
    expect(result.belowLine).toBe(1);
    expect(result.results).toHaveLength(2);
    expect(result.results[0]).toMatchObject({ name: 'kick_haus.flac', belowLine: false });
    const last = result.results.at(-1);
    expect(last).toMatchObject({ name: 'kick_broken.wav', belowLine: true, explanation: { unreadable: true } });
    expect(result.results.filter((hit) => hit.belowLine)).toHaveLength(result.belowLine);
    // Scores are the service's own, 0-1 and comparable: nothing here rescales them.
    for (const hit of result.results) expect(hit.score).toBeLessThanOrEqual(1);
  });

  it('takes a query starting with a minus as a query: everything but those files, counted in all', async () => {
    const names = async (...args: string[]) => {
      const out = await runHark(['--db', db, 'search', '--json', ...args], env);
      expect(out.code).toBe(0);
      const result = JSON.parse(out.stdout) as { total: number; results: JsonHit[] };
      return { total: result.total, names: result.results.map((hit) => hit.name) };
    };
    const everythingButKicks = { total: 2, names: ['snare_dolf.flac', 'tone_440.wav'] };
    expect(await names('-kick')).toEqual(everythingButKicks);
    expect(await names('--', '-kick')).toEqual(everythingButKicks);
    // The count is of every file listed, not of the page.
    expect(await names('-snare', '--limit', '1')).toEqual({ total: 3, names: ['kick_broken.wav'] });
    // A mistyped option is still refused, not searched for.
    const typo = await runHark(['--db', db, 'search', '--limt'], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option or extra argument: --limt');
  });
});
