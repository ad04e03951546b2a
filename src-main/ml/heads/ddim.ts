// DiffATR's sampler (training/diffatr.py, same numbers): cosine noise schedule over T = 1000 steps, DDIM with eta 0,
// the network predicting x0 as logits over the candidates. Deterministic: the starting noise is the fixed vector
// exported in heads.json, so the app ranks exactly as the measured ablation did.

const S = 0.008;

/** abar_t for t = 0..T-1 (cosine schedule, clamped like the training code). */
export function cosineAlphasCumprod(timesteps = 1000): Float64Array {
  const f = (x: number) => Math.cos(((x / timesteps + S) / (1 + S)) * (Math.PI / 2)) ** 2;
  const out = new Float64Array(timesteps);
  for (let t = 0; t < timesteps; t++) out[t] = Math.min(1, Math.max(1e-5, f(t + 1) / f(0)));
  return out;
}

/** The timesteps DDIM visits with `steps` network calls: round(linspace(T - 1, 0, steps + 1)). */
export function ddimTimes(steps: number, timesteps = 1000): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => Math.round(timesteps - 1 - ((timesteps - 1) * i) / steps));
}

export function softmax(values: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  const out = new Float64Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += out[i] = Math.exp(values[i]! - max);
  for (let i = 0; i < values.length; i++) out[i]! /= sum;
  return out;
}

export type Denoise = (xt: Float32Array, t: number) => Promise<Float32Array>;

/** Runs the sampler from `noise`; returns the last x0 logits (one per candidate). */
export async function ddimSample(
  denoise: Denoise,
  noise: ArrayLike<number>,
  steps: number,
  abar = cosineAlphasCumprod(),
): Promise<Float32Array> {
  const n = noise.length;
  let x: Float32Array = Float32Array.from(noise);
  let logits: Float32Array = new Float32Array(n);
  const times = ddimTimes(steps, abar.length);
  for (let i = 0; i < steps; i++) {
    const t = times[i]!;
    const next = times[i + 1]!;
    logits = await denoise(x, t);
    const x0 = softmax(logits);
    const a = abar[t]!;
    const aNext = abar[next]!;
    const nextX = new Float32Array(n);
    for (let c = 0; c < n; c++) {
      const eps = (x[c]! - Math.sqrt(a) * x0[c]!) / Math.sqrt(1 - a);
      nextX[c] = Math.sqrt(aNext) * x0[c]! + Math.sqrt(1 - aNext) * eps;
    }
    x = nextX;
  }
  return logits;
}
