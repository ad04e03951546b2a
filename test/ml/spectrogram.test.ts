import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WINDOW_SAMPLES } from '../../src-main/ml/efficientat';
import { cpuFrontEnd, onnxFrontEnd, SPEC_SIZE } from '../../src-main/ml/spectrogram';
import { hasSox, samples32k } from './helpers';

const GENERATOR = join(import.meta.dirname, '..', '..', 'scripts', 'reference', 'make_frontend_onnx.py');
const GENERATED = join(import.meta.dirname, '..', '..', 'src-main', 'ml', 'frontend-graph.generated.ts');
const hasOnnxPython = spawnSync('/usr/bin/python3', ['-c', 'import onnx']).status === 0;

describe('batch front-ends', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hark-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The ONNX graph is what GPU providers run; here it runs on the CPU provider to check it against the
  // WebAssembly front-end, which test/ml/log-mel.test.ts checks against torch.
  it.skipIf(!hasSox)('the ONNX graph and the WebAssembly front-end agree on a batch of real windows', async () => {
    const batch = new Float32Array(2 * WINDOW_SAMPLES);
    batch.set(samples32k('drum_roll', dir).subarray(0, WINDOW_SAMPLES));
    batch.set(samples32k('loop_amen', dir), WINDOW_SAMPLES);
    const cpu = await cpuFrontEnd();
    const graph = await onnxFrontEnd('cpu', 1);
    try {
      expect(cpu.kind).toBe('wasm-simd');
      expect(graph.kind).toBe('onnx-cpu');
      const a = await cpu.spectrogram(batch, 2);
      const b = await graph.spectrogram(batch, 2);
      expect(a.length).toBe(2 * SPEC_SIZE);
      expect(b.length).toBe(2 * SPEC_SIZE);
      let maxError = 0;
      for (let i = 0; i < a.length; i++) maxError = Math.max(maxError, Math.abs(a[i]! - b[i]!));
      expect(maxError).toBeLessThan(1e-3);
    } finally {
      await graph.close();
    }
  });

  it.skipIf(!hasOnnxPython)('the committed graph is what scripts/reference/make_frontend_onnx.py generates', () => {
    const fresh = join(dir, 'graph.ts');
    execFileSync('/usr/bin/python3', [GENERATOR, fresh]);
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(GENERATED, 'utf8'));
  });
});
