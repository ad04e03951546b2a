// Integrated loudness after ITU-R BS.1770-4: K-weighting (a high shelf, then a high pass) per channel, mean square
// over 400 ms blocks overlapping by 75 %, channel weights, an absolute gate at -70 LUFS and a relative gate 10 LU
// below the loudness of the blocks above the absolute gate. Streaming: memory is one number per 100 ms.

/** Biquad coefficients, a0 normalised to 1. */
export interface Biquad {
  b: [number, number, number];
  a: [number, number, number];
}

// The analogue prototypes of the two K-weighting stages; the bilinear transform at `sampleRate` reproduces the
// coefficients BS.1770 tabulates for 48 kHz and gives the same filter at any other rate.
const SHELF = { f0: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
const HIGH_PASS = { f0: 38.13547087602444, q: 0.5003270373238773 };

export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  let k = Math.tan((Math.PI * SHELF.f0) / sampleRate);
  const vh = 10 ** (SHELF.gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / SHELF.q + k * k;
  const shelf: Biquad = {
    b: [(vh + (vb * k) / SHELF.q + k * k) / a0, (2 * (k * k - vh)) / a0, (vh - (vb * k) / SHELF.q + k * k) / a0],
    a: [1, (2 * (k * k - 1)) / a0, (1 - k / SHELF.q + k * k) / a0],
  };
  k = Math.tan((Math.PI * HIGH_PASS.f0) / sampleRate);
  a0 = 1 + k / HIGH_PASS.q + k * k;
  const highPass: Biquad = {
    b: [1, -2, 1],
    a: [1, (2 * (k * k - 1)) / a0, (1 - k / HIGH_PASS.q + k * k) / a0],
  };
  return [shelf, highPass];
}

/**
 * BS.1770 channel weights for the usual WAV channel orders: 5.0 is L R C Ls Rs, 5.1 is L R C LFE Ls Rs. Surrounds
 * count +1.5 dB, the LFE not at all; any other layout weighs every channel 1.
 */
export function channelWeights(channelCount: number): number[] {
  if (channelCount === 5) return [1, 1, 1, 1.41, 1.41];
  if (channelCount === 6) return [1, 1, 1, 0, 1.41, 1.41];
  return new Array<number>(channelCount).fill(1);
}

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = 10;
const toLufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare);

/** Feed it every chunk of a file in order; `integrated()` at the end. */
export class LoudnessMeter {
  private readonly filters: [Biquad, Biquad];
  private readonly weights: number[];
  /** Per channel, per stage: the two delayed values of a transposed direct form II biquad. */
  private readonly state: Float64Array[];
  private readonly stepFrames: number;
  /** Weighted sum of squares of the current 100 ms step, and how many frames it holds so far. */
  private stepSum = 0;
  private stepFill = 0;
  /** One weighted mean square per completed 100 ms step; blocks are four consecutive steps. */
  private readonly steps: number[] = [];
  private totalSum = 0;
  private totalFrames = 0;

  constructor(
    readonly sampleRate: number,
    readonly channelCount: number,
  ) {
    this.filters = kWeightingFilters(sampleRate);
    this.weights = channelWeights(channelCount);
    this.state = Array.from({ length: channelCount }, () => new Float64Array(4));
    this.stepFrames = Math.max(1, Math.round(sampleRate * 0.1));
  }

  push(channels: readonly Float32Array[]): void {
    const frames = channels[0]?.length ?? 0;
    let offset = 0;
    while (offset < frames) {
      const take = Math.min(frames - offset, this.stepFrames - this.stepFill);
      let sum = 0;
      for (let c = 0; c < Math.min(channels.length, this.channelCount); c++) {
        if (this.weights[c] === 0) continue;
        sum += this.weights[c]! * this.filterSquares(c, channels[c]!, offset, take);
      }
      this.stepSum += sum;
      this.stepFill += take;
      offset += take;
      if (this.stepFill === this.stepFrames) {
        this.steps.push(this.stepSum / this.stepFrames);
        this.totalSum += this.stepSum;
        this.totalFrames += this.stepFrames;
        this.stepSum = 0;
        this.stepFill = 0;
      }
    }
  }

  /** Integrated loudness in LUFS; null for digital silence. */
  integrated(): number | null {
    const blocks: number[] = [];
    for (let i = 0; i + 4 <= this.steps.length; i++) {
      blocks.push((this.steps[i]! + this.steps[i + 1]! + this.steps[i + 2]! + this.steps[i + 3]!) / 4);
    }
    if (blocks.length === 0) {
      // Shorter than one 400 ms block: BS.1770 has no answer; the mean square of the whole clip is the closest one.
      const frames = this.totalFrames + this.stepFill;
      const mean = frames > 0 ? (this.totalSum + this.stepSum) / frames : 0;
      return mean > 0 && toLufs(mean) > ABSOLUTE_GATE_LUFS ? toLufs(mean) : null;
    }
    const aboveAbsolute = blocks.filter((z) => z > 0 && toLufs(z) > ABSOLUTE_GATE_LUFS);
    if (aboveAbsolute.length === 0) return null;
    const relativeGate = toLufs(mean(aboveAbsolute)) - RELATIVE_GATE_LU;
    const gated = aboveAbsolute.filter((z) => toLufs(z) > relativeGate);
    return toLufs(mean(gated));
  }

  private filterSquares(channel: number, samples: Float32Array, offset: number, count: number): number {
    const s = this.state[channel]!;
    const [f1, f2] = this.filters;
    let [z1, z2, w1, w2] = [s[0]!, s[1]!, s[2]!, s[3]!];
    let sum = 0;
    for (let i = offset; i < offset + count; i++) {
      const x = samples[i]!;
      const y = f1.b[0] * x + z1;
      z1 = f1.b[1] * x - f1.a[1] * y + z2;
      z2 = f1.b[2] * x - f1.a[2] * y;
      const out = f2.b[0] * y + w1;
      w1 = f2.b[1] * y - f2.a[1] * out + w2;
      w2 = f2.b[2] * y - f2.a[2] * out;
      sum += out * out;
    }
    s[0] = z1;
    s[1] = z2;
    s[2] = w1;
    s[3] = w2;
    return sum;
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
