// Measures a file's character for its caption in one streaming pass over the decoded audio: length, loudness
// (BS.1770 on the real channels), peak, brightness (spectral centroid) and loop or one-shot (start against end).
//
// Why a pass of its own rather than decodeToMono: loudness must sum the channels' K-weighted power (a mixdown reads
// 3 to 6 dB low on stereo), the loop test looks at the exact first and last samples (a resampler's filter would
// smear both edges), and memory must not grow with the file: only the edges and a few counters are kept.
import { openAudioStream } from '../audio/open-stream';
import { toMono } from '../audio/mono';
import type { MeasuredCharacter } from '../store/captions';
import { ENVELOPE_SECONDS, judgeLoop, toDb, type LoopEvidence } from './caption-loop';
import { LoudnessMeter } from './caption-loudness';
import { CentroidAccumulator, FRAME, spectrumAnalyser } from './caption-spectrum';

const EDGE_SECONDS = 0.5;
/** Enough frames for a stable centroid; longer files are sampled at an even stride. */
const MAX_CENTROID_FRAMES = 2000;

export interface Measurement extends MeasuredCharacter {
  loopEvidence: LoopEvidence | null;
}

export async function measureCharacter(path: string): Promise<Measurement> {
  const analyser = await spectrumAnalyser();
  const stream = await openAudioStream(path);
  try {
    let meter: LoudnessMeter | null = null;
    let centroid: CentroidAccumulator | null = null;
    let rate = stream.sampleRate;
    let head: Float32Array = new Float32Array(0);
    let tail: EdgeRing | null = null;
    let frame: Float32Array = new Float32Array(FRAME);
    let frameFill = 0;
    let frameIndex = 0;
    const stride = Math.max(1, Math.ceil((stream.totalFrames ?? 0) / FRAME / MAX_CENTROID_FRAMES));
    let frames = 0;
    let peak = 0;
    let sumSquares = 0;
    // Level envelope: RMS per ENVELOPE_SECONDS block, in dB (floored at -100 so silence compares as a number).
    const envelope: number[] = [];
    let blockFrames = 0;
    let blockFill = 0;
    let blockSum = 0;

    for (let chunk = await stream.read(); chunk && chunk.channels.length > 0; chunk = await stream.read()) {
      if (!meter) {
        rate = chunk.sampleRate;
        meter = new LoudnessMeter(rate, chunk.channels.length);
        centroid = new CentroidAccumulator(analyser, rate);
        tail = new EdgeRing(Math.round(EDGE_SECONDS * rate));
        blockFrames = Math.max(1, Math.round(ENVELOPE_SECONDS * rate));
      }
      meter.push(chunk.channels);
      for (const channel of chunk.channels) {
        for (const x of channel) peak = Math.max(peak, Math.abs(x));
      }
      const mono = toMono(chunk.channels);
      const headRoom = Math.round(EDGE_SECONDS * rate) - head.length;
      if (headRoom > 0) head = concat(head, mono.subarray(0, headRoom));
      tail!.push(mono);
      for (const x of mono) {
        sumSquares += x * x;
        blockSum += x * x;
        if (++blockFill === blockFrames) {
          envelope.push(toDb(Math.sqrt(blockSum / blockFrames)));
          blockSum = 0;
          blockFill = 0;
        }
      }
      frames += mono.length;
      // Centroid frames, back to back (no overlap needed for an average), every `stride`-th kept.
      let offset = 0;
      while (offset < mono.length) {
        const take = Math.min(FRAME - frameFill, mono.length - offset);
        frame.set(mono.subarray(offset, offset + take), frameFill);
        frameFill += take;
        offset += take;
        if (frameFill === FRAME) {
          if (frameIndex % stride === 0) centroid!.addFrame(frame);
          frameIndex++;
          frameFill = 0;
        }
      }
    }
    if (!meter || frames === 0) {
      return {
        duration: 0,
        loop: null,
        loopScore: null,
        loudnessLufs: null,
        peakDbfs: null,
        centroidHz: null,
        loopEvidence: null,
      };
    }
    // A file shorter than one frame (or its unfinished last frame when nothing else was seen) still gets a centroid.
    if (frameIndex === 0 && frameFill > 0) {
      frame = frame.fill(0, frameFill);
      centroid!.addFrame(frame);
    }
    const duration = frames / rate;
    // The unfinished last block counts when it is at least half a block: it is the very end the wrap test needs.
    if (blockFill >= blockFrames / 2) envelope.push(toDb(Math.sqrt(blockSum / blockFill)));
    const verdict = judgeLoop(
      head,
      tail!.toArray(),
      Math.sqrt(sumSquares / frames),
      rate,
      duration,
      envelope,
      analyser,
    );
    return {
      duration,
      loop: verdict.loop,
      loopScore: verdict.score,
      loudnessLufs: meter.integrated(),
      peakDbfs: peak > 0 ? toDb(peak) : null,
      centroidHz: centroid!.centroid(),
      loopEvidence: verdict.evidence,
    };
  } finally {
    await stream.close();
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The last `capacity` samples of a stream. */
class EdgeRing {
  private readonly data: Float32Array;
  private written = 0;

  constructor(private readonly capacity: number) {
    this.data = new Float32Array(Math.max(1, capacity));
  }

  push(samples: Float32Array): void {
    const from = Math.max(0, samples.length - this.capacity);
    for (let i = from; i < samples.length; i++) {
      this.data[this.written % this.capacity] = samples[i]!;
      this.written++;
    }
  }

  toArray(): Float32Array {
    const count = Math.min(this.written, this.capacity);
    const out = new Float32Array(count);
    const start = this.written - count;
    for (let i = 0; i < count; i++) out[i] = this.data[(start + i) % this.capacity]!;
    return out;
  }
}
