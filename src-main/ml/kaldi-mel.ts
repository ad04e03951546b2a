import { F_MAX, F_MIN, MEL_BANDS, N_FFT, SAMPLE_RATE } from './efficientat';

/**
 * Triangular mel filters as torchaudio.compliance.kaldi.get_mel_banks builds them (no VTLN warping): bands equally
 * spaced on Kaldi's mel scale 1127 ln(1 + f/700), over FFT bins 0..nFft/2-1 (EfficientAT adds a zero weight for the
 * Nyquist bin). Stored sparse, because each FFT bin feeds at most two bands: band b uses
 * `weights[offsets[b] .. offsets[b+1])` for the bins starting at `firstBin[b]`.
 */
export interface MelBanks {
  bands: number;
  firstBin: Int32Array;
  offsets: Int32Array;
  weights: Float64Array;
  /** Highest FFT bin with any weight: the front-end needs no bins above it. */
  maxBin: number;
}

const kaldiMel = (hz: number) => 1127 * Math.log(1 + hz / 700);

export function kaldiMelBanks(
  bands = MEL_BANDS,
  nFft = N_FFT,
  sampleRate = SAMPLE_RATE,
  lowHz = F_MIN,
  highHz = F_MAX,
): MelBanks {
  const fftBins = nFft / 2;
  const binWidth = sampleRate / nFft;
  const melLow = kaldiMel(lowHz);
  const delta = (kaldiMel(highHz) - melLow) / (bands + 1);
  const firstBin = new Int32Array(bands);
  const offsets = new Int32Array(bands + 1);
  const weights: number[] = [];
  let maxBin = 0;
  for (let band = 0; band < bands; band++) {
    const left = melLow + band * delta;
    const center = melLow + (band + 1) * delta;
    const right = melLow + (band + 2) * delta;
    offsets[band] = weights.length;
    let first = -1;
    for (let bin = 0; bin < fftBins; bin++) {
      const mel = kaldiMel(bin * binWidth);
      const weight = Math.max(0, Math.min((mel - left) / (center - left), (right - mel) / (right - center)));
      if (weight > 0) {
        if (first < 0) first = bin;
        weights.push(weight);
        maxBin = Math.max(maxBin, bin);
      } else if (first >= 0) {
        break; // triangles are contiguous: past the right edge nothing more
      }
    }
    firstBin[band] = first < 0 ? 0 : first; // a band narrower than one bin: no weights, stays at log(1e-5)
  }
  offsets[bands] = weights.length;
  return { bands, firstBin, offsets, weights: Float64Array.from(weights), maxBin };
}
