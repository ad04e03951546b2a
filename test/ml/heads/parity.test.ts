// The exported ONNX heads against PyTorch: training/export.py saves fixed inputs and the PyTorch outputs in
// parity.json beside the graphs; here ONNX Runtime in Node runs the same inputs. On the trained heads when
// `npm run train` installed them, else on training/fixture.py's seeded weights (same export code, made here).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosineAlphasCumprod } from '../../../src-main/ml/heads/ddim';
import { headsDir, loadHeads, textShapes, type RetrievalHeads } from '../../../src-main/ml/heads/heads';
import { searchWithHeads } from '../../../src-main/ml/heads/search';
import { AUDIO_LEVELS_SIZE } from '../../../src-main/ml/heads/audio-levels';
import { hasTorch, makeFixtureHeads } from '../../helpers/fixture-heads';

const trainedDir = headsDir();
const trained = existsSync(join(trainedDir, 'parity.json')) && existsSync(join(trainedDir, 'heads.json'));

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance = 1e-4) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}

describe.skipIf(!trained && !hasTorch)(
  `${trained ? 'trained' : 'fixture'} heads: ONNX Runtime in Node = PyTorch`,
  () => {
    let heads: RetrievalHeads;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let p: any;
    let made: string | null = null;
    beforeAll(async () => {
      let dir = trainedDir;
      if (!trained) {
        made = dir = mkdtempSync(join(tmpdir(), 'hark-heads-'));
        makeFixtureHeads(dir);
      }
      p = JSON.parse(readFileSync(join(dir, 'parity.json'), 'utf-8'));
      heads = await loadHeads({ dir });
    });
    afterAll(async () => {
      await heads?.close();
      if (made) rmSync(made, { recursive: true, force: true });
    });

    it('text head, audio head and scorer', async () => {
      const f = (a: number[]) => Float32Array.from(a);
      // The first of parity.json's two queries, in the shapes of the heads' text tower.
      const shape = textShapes(heads.manifest);
      const q0 = await heads.encodeQuery(
        f(p.text.sentence.slice(0, shape.sentence)),
        f(p.text.layers.slice(0, shape.layers)),
      );
      expect(p.text.sentence).toHaveLength(2 * shape.sentence);
      expect(p.text.layers).toHaveLength(2 * shape.layers);
      expectClose(q0.et, p.text.et.slice(0, 512));
      expectClose(q0.zt, p.text.zt.slice(0, shape.codes * 256));
      expectClose(q0.classes, p.text.classes.slice(0, 527));
      const audio = await heads.encodeAudio(f(p.audio.levels), 3);
      expectClose(audio.ea, p.audio.ea);
      expectClose(audio.za, p.audio.za);
      const scored = await heads.score(q0, audio, [0, 1, 2]);
      expectClose(scored.score, p.score.score.slice(0, 3));
      const k = heads.factorCount;
      expectClose(scored.factorSims, p.score.factor_sims.slice(0, 3 * k));
      expectClose(scored.factorConf, p.score.factor_conf.slice(0, 3 * k));
    });

    it('DiffATR denoiser and noise schedule', async () => {
      const logits = await heads.denoise(
        Float32Array.from(p.denoiser.x_t),
        p.denoiser.t,
        Float32Array.from(p.denoiser.query),
        Float32Array.from(p.denoiser.cands),
      );
      expectClose(logits, p.denoiser.logits);
      const abar = cosineAlphasCumprod();
      expectClose(
        [0, 1, 499, 500, 998, 999].map((t) => abar[t]!),
        p.abar,
        1e-5,
      );
    });

    it('searches a small library end to end with explanations', async () => {
      const levels = Float32Array.from(p.audio.levels);
      const audio = await heads.encodeAudio(levels, levels.length / AUDIO_LEVELS_SIZE);
      const shape = textShapes(heads.manifest);
      const query = await heads.encodeQuery(
        Float32Array.from(p.text.sentence.slice(0, shape.sentence)),
        Float32Array.from(p.text.layers.slice(0, shape.layers)),
      );
      const result = await searchWithHeads(heads, query, audio, { limit: 3 });
      expect(result.hits.map((h) => h.index).sort()).toEqual([0, 1, 2]);
      expect(result.hits[0]!.factors).toHaveLength(heads.factorCount);
      expect(result.hits[0]!.factors[0]!.name.length).toBeGreaterThan(0);
      expect(result.matchConfidence).toBeGreaterThan(0);
    });
  },
);
