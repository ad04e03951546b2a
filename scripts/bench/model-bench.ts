// Front-end and encoder cost per 10 s clip, per execution provider available here.
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { CLASS_COUNT, WINDOW_SAMPLES } from '../../src-main/ml/efficientat';
import { createLogMelFrontEnd } from '../../src-main/ml/log-mel';
import { findManifest } from '../../src-main/ml/model-manifest';
import { modelFolder } from '../../src-main/ml/model-manager';
import { openSession, providerOrder } from '../../src-main/ml/providers';
import { percentile } from './stats';

export interface StageTiming {
  stage: string;
  provider: string;
  batch: number;
  medianMsPerClip: number;
  p95MsPerClip: number;
}

export async function benchModel(modelsDir: string, rounds = 60): Promise<StageTiming[]> {
  const clip = new Float32Array(WINDOW_SAMPLES);
  for (let i = 0; i < clip.length; i++)
    clip[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / 32000) + 0.05 * (Math.random() - 0.5);
  const results: StageTiming[] = [];

  const frontEnd = await createLogMelFrontEnd();
  const spec = await frontEnd.compute(clip);
  results.push(await timeAsync('front-end (wasm simd)', 'cpu', 1, rounds, () => frontEnd.compute(clip)));

  const onnx = findManifest('efficientat-mn04-as').onnx as { model: string; input: string };
  // Only providers whose libraries ship in this install: asking for an absent one just logs a loader error.
  const shipped = new Set(
    ort
      .listSupportedBackends()
      .filter((b) => b.bundled)
      .map((b) => b.name),
  );
  for (const provider of providerOrder('auto').filter((p) => p === 'cpu' || shipped.has(p))) {
    let session: ort.InferenceSession;
    try {
      const opened = await openSession(join(modelFolder('efficientat-mn04-as', modelsDir), onnx.model), {
        provider,
        threads: 1,
        log: () => {},
      });
      if (opened.provider !== provider) continue;
      session = opened.session;
    } catch {
      continue;
    }
    for (const batch of [1, 4]) {
      const frames = spec.length / 128;
      const input = new Float32Array(batch * spec.length);
      for (let b = 0; b < batch; b++) input.set(spec, b * spec.length);
      const feeds = { [onnx.input ?? 'spec']: new ort.Tensor('float32', input, [batch, 1, 128, frames]) };
      results.push(
        await timeAsync(`encoder (mn04, ${CLASS_COUNT} classes)`, provider, batch, rounds, () => session.run(feeds)),
      );
    }
  }
  await frontEnd.close();
  return results;
}

async function timeAsync(
  stage: string,
  provider: string,
  batch: number,
  rounds: number,
  run: () => Promise<unknown>,
): Promise<StageTiming> {
  // An indexer runs these thousands of times: measure the steady state, after the JIT has settled.
  for (let i = 0; i < 30; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    samples.push((performance.now() - started) / batch);
  }
  return { stage, provider, batch, medianMsPerClip: percentile(samples, 0.5), p95MsPerClip: percentile(samples, 0.95) };
}
