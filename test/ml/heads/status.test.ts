import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHeads } from '../../../src-main/ml/heads';

const hasTorch = spawnSync('/usr/bin/python3', ['-c', 'import torch, onnx']).status === 0;
const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'training', 'fixture.py');

describe('findHeads', () => {
  it('says plainly when there are none', () => {
    expect(findHeads(null)).toEqual({
      info: { id: 'hark-heads', installed: false, problem: 'needs the audio model' },
      extension: null,
    });
    const empty = mkdtempSync(join(tmpdir(), 'hark-no-heads-'));
    try {
      expect(findHeads(empty).info.problem).toMatch(/not trained here/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  describe.skipIf(!hasTorch)('on fixture heads', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'hark-heads-status-'));
      execFileSync('/usr/bin/python3', [FIXTURE, join(dir, 'heads')], { stdio: 'pipe' });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('gives the analysis extension, keyed by a hash of the audio head (and pooling)', () => {
      const heads = findHeads(join(dir, 'heads'));
      expect(heads.info).toEqual({ id: 'hark-heads', installed: true, fixture: true });
      expect(heads.extension).toEqual({
        kind: 'hark-heads',
        name: 'trained heads',
        key: expect.stringMatching(/^hark-heads@[0-9a-f]{12}$/),
        dir: join(dir, 'heads'),
      });
      // Not the key of codes pooled over up to 20 minutes (the audio head's hash alone): those files are analysed again.
      const manifest = JSON.parse(readFileSync(join(dir, 'heads', 'heads.json'), 'utf8')) as {
        files: { path: string; sha256: string }[];
      };
      const audioHead = manifest.files.find((f) => f.path === 'audio_head.onnx')!;
      expect(heads.extension!.key).not.toBe(`hark-heads@${audioHead.sha256.slice(0, 12)}`);
    });

    it('keys other weights otherwise, and reports damaged files', () => {
      const other = join(dir, 'other');
      cpSync(join(dir, 'heads'), other, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(other, 'heads.json'), 'utf8'));
      manifest.files.find((f: { path: string }) => f.path === 'audio_head.onnx').sha256 = 'f'.repeat(64);
      writeFileSync(join(other, 'heads.json'), JSON.stringify(manifest));
      expect(findHeads(other).extension!.key).not.toBe(findHeads(join(dir, 'heads')).extension!.key);
      writeFileSync(join(other, 'scorer.onnx'), 'short');
      expect(findHeads(other)).toMatchObject({
        info: { installed: false, problem: expect.stringMatching(/scorer.onnx is damaged/) },
        extension: null,
      });
    });
  });
});
