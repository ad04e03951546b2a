// EfficientAT's eval-mode preprocessing (AugmentMelSTFT without augmentation) and window layout, in one place for
// the TypeScript side. models/efficientat-mn04-as.json records the same numbers for people.

export const SAMPLE_RATE = 32_000;
export const PREEMPHASIS = 0.97;
export const N_FFT = 1024;
export const WIN_LENGTH = 800;
export const HOP_LENGTH = 320;
export const MEL_BANDS = 128;
export const F_MIN = 0;
/** EfficientAT: sr / 2 - fmax_aug_range / 2 with fmax_aug_range = 2000. */
export const F_MAX = 15_000;
/** The last step, (ln(mel + 1e-5) + 4.5) / 5: in log-mel-kernel.wat on the CPU, in the generated ONNX graph on GPUs. */
export const LOG_OFFSET = 1e-5;
export const NORM_SHIFT = 4.5;
export const NORM_SCALE = 5;

/** The model was trained on 10 s AudioSet clips: each window the encoder sees is 10 s. */
export const WINDOW_SAMPLES = 10 * SAMPLE_RATE;
/** Long files: 10 s windows every 5 s (50% overlap). */
export const WINDOW_HOP_SAMPLES = 5 * SAMPLE_RATE;

export const CLASS_COUNT = 527;
export const FEATURE_SIZE = 384;

/** Frames the front-end makes for `samples` input samples (torch.stft center=True after pre-emphasis drops one). */
export function frameCount(samples: number): number {
  return 1 + Math.floor((samples - 1) / HOP_LENGTH);
}
