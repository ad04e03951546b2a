import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHeads } from '../../src-main/app/heads-status';
import { useTempDirs } from '../helpers/temp';

const SHA = 'abcdef0123456789'.repeat(4);

describe('findHeads', () => {
  const tempDir = useTempDirs();

  /** A heads folder whose manifest lists the given files, each written at `write` bytes (default: its size; -1: not written). */
  function headsFolder(files: { path: string; size: number; write?: number }[], extra: Record<string, unknown> = {}) {
    const dir = join(tempDir(), 'hark-heads');
    mkdirSync(dir);
    for (const file of files) if (file.write !== -1) writeFileSync(join(dir, file.path), Buffer.alloc(file.write ?? file.size));
    writeFileSync(join(dir, 'heads.json'), JSON.stringify({ id: 'hark-heads', files: files.map(({ path, size }) => ({ path, size, sha256: SHA })), ...extra }));
    return dir;
  }

  const complete = [
    { path: 'audio_head.onnx', size: 10 },
    { path: 'text_head.onnx', size: 20 },
  ];

  it('names installed heads by the hash of their audio head, marking test fixtures', () => {
    const dir = headsFolder(complete);
    expect(findHeads(dir)).toEqual({ info: { id: 'hark-heads', installed: true, fixture: undefined }, dir, modelId: `hark-heads@${SHA.slice(0, 12)}` });
    const fixture = headsFolder(complete, { fixture: true });
    expect(findHeads(fixture).info).toEqual({ id: 'hark-heads', installed: true, fixture: true });
  });

  it('says why heads are absent or unusable, without throwing', () => {
    const absent = (problem: string | RegExp) => ({ info: { id: 'hark-heads', installed: false, problem: problem instanceof RegExp ? expect.stringMatching(problem) : problem }, dir: null, modelId: null });
    expect(findHeads(null)).toEqual(absent('needs the audio model'));
    expect(findHeads(join(tempDir(), 'nothing-here'))).toEqual(absent('not trained here (npm run train installs them)'));
    expect(findHeads(headsFolder([complete[0]!, { path: 'text_head.onnx', size: 20, write: -1 }]))).toEqual(absent('text_head.onnx is missing: run npm run train again'));
    expect(findHeads(headsFolder([complete[0]!, { path: 'text_head.onnx', size: 20, write: 19 }]))).toEqual(
      absent('text_head.onnx is damaged (size differs from heads.json): run npm run train again'),
    );
    expect(findHeads(headsFolder([complete[1]!]))).toEqual(absent('heads.json lists no audio_head.onnx'));
    const broken = headsFolder(complete);
    writeFileSync(join(broken, 'heads.json'), '{ not json');
    expect(findHeads(broken)).toEqual(absent(/^heads\.json cannot be read: /));
  });
});
