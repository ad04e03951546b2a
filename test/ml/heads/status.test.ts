import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHeads } from '../../../src-main/ml/heads';
import { modelsDir } from '../../../src-main/ml/model-manager';
import { chooseTextTower, TEXT_TOWERS } from '../../../src-main/ml/text/text-encoder';
import { hasTorch, makeFixtureHeads } from '../../helpers/fixture-heads';

/** The tower the app runs here; the fixture heads are made for it. */
const running = chooseTextTower({ modelsDir: modelsDir() });
const other = Object.values(TEXT_TOWERS).find((tower) => tower.id !== running.id)!;

describe('findHeads', () => {
  it('says plainly when there are none', () => {
    expect(findHeads(null, null)).toEqual({
      info: { id: 'hark-heads', installed: false, problem: 'needs the audio model' },
      extension: null,
    });
    const empty = mkdtempSync(join(tmpdir(), 'hark-no-heads-'));
    try {
      expect(findHeads(empty, running.id).info.problem).toMatch(/not trained here/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  describe.skipIf(!hasTorch)('on fixture heads', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'hark-heads-status-'));
      makeFixtureHeads(join(dir, 'heads'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** A copy of the fixture heads with heads.json changed by `edit`. */
    const copyWith = (name: string, edit: (manifest: Record<string, unknown>) => void) => {
      const copy = join(dir, name);
      cpSync(join(dir, 'heads'), copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(copy, 'heads.json'), 'utf8'));
      edit(manifest);
      writeFileSync(join(copy, 'heads.json'), JSON.stringify(manifest));
      return copy;
    };

    it('gives the analysis extension, keyed by a hash of the audio head (and pooling)', () => {
      const heads = findHeads(join(dir, 'heads'), running.id);
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
      const copy = copyWith('other-weights', (manifest) => {
        (manifest.files as { path: string; sha256: string }[]).find((f) => f.path === 'audio_head.onnx')!.sha256 =
          'f'.repeat(64);
      });
      expect(findHeads(copy, running.id).extension!.key).not.toBe(
        findHeads(join(dir, 'heads'), running.id).extension!.key,
      );
      writeFileSync(join(copy, 'scorer.onnx'), 'short');
      expect(findHeads(copy, running.id)).toMatchObject({
        info: { installed: false, problem: expect.stringMatching(/scorer.onnx is damaged/) },
        extension: null,
      });
    });

    it('records the text tower and its levels in heads.json', () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'heads', 'heads.json'), 'utf8'));
      expect(manifest.textTower).toBe(running.id);
      expect(manifest.textLevels).toEqual([
        ...Array.from({ length: running.layers }, (_, i) => ({ name: `layer_${i}`, dim: running.dim })),
        { name: 'sentence', dim: running.dim },
        { name: 'classes', dim: 527 },
      ]);
      // THA: one pair per (audio level, text level), every text block included, and the label bridge.
      expect(manifest.pairs).toHaveLength(6 * (running.layers + 2) + 1);
      expect(manifest.pairs).toContain(`hidden~layer_${running.layers - 1}`);
    });

    it('refuses heads trained on another text tower than the app runs, saying so', () => {
      expect(findHeads(join(dir, 'heads'), other.id)).toEqual({
        info: {
          id: 'hark-heads',
          installed: false,
          problem: `trained on text tower ${running.id}, the app runs ${other.id}: run npm run train again`,
        },
        extension: null,
      });
      expect(findHeads(join(dir, 'heads'), null).info).toMatchObject({ installed: false });
    });

    it('reads heads.json without a textTower as trained on USE-lite (the heads made before MiniLM)', () => {
      const older = copyWith('older', (manifest) => delete manifest.textTower);
      const useLite = TEXT_TOWERS['use-lite'].id;
      const minilm = TEXT_TOWERS['minilm-l6-v2'].id;
      expect(findHeads(older, useLite).info).toMatchObject({ installed: true });
      expect(findHeads(older, minilm).info).toEqual({
        id: 'hark-heads',
        installed: false,
        problem: `trained on text tower ${useLite}, the app runs ${minilm}: run npm run train again`,
      });
    });
  });
});
