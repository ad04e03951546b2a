import * as ort from 'onnxruntime-node';
import { frameCount, MEL_BANDS, WINDOW_SAMPLES } from './efficientat';
import { FRONTEND_ONNX_BASE64 } from './frontend-graph.generated';
import { createLogMelFrontEnd } from './log-mel';
import { openSession, type ProviderName } from './providers';

/** Turns a batch of 10 s windows into the encoder's input: audio [B, 320000] -> log-mel [B, 1, 128, 1000]. */
export interface BatchFrontEnd {
  /** 'wasm-simd' (PFFFT and log-mel-kernel.wat on the CPU) or 'onnx-<provider>' (the generated graph on a GPU provider). */
  readonly kind: string;
  spectrogram(windows: Float32Array, count: number): Promise<Float32Array>;
  close(): Promise<void>;
}

export const SPEC_SIZE = MEL_BANDS * frameCount(WINDOW_SAMPLES);

/**
 * The front-end that suits the encoder's provider. On a GPU provider the ONNX graph (its DFT is a convolution,
 * cheap there) runs next to the encoder; on the CPU, or if the graph cannot run on that provider, the WebAssembly
 * front-end with a real FFT (log-mel.ts), which costs less than the encoder on the CPU where the convolution would not.
 */
export async function openBatchFrontEnd(
  provider: ProviderName,
  threads: number,
  log: (message: string) => void,
): Promise<BatchFrontEnd> {
  if (provider !== 'cpu') {
    const graph = Buffer.from(FRONTEND_ONNX_BASE64, 'base64');
    const opened = await openSession(new Uint8Array(graph), { provider, threads, log });
    if (opened.provider === provider) return new OnnxFrontEnd(opened.session, `onnx-${provider}`);
    await opened.session.release();
    log(`Hark: the log-mel graph cannot run on ${provider}; computing it on the CPU instead.`);
  }
  return cpuFrontEnd();
}

export async function cpuFrontEnd(): Promise<BatchFrontEnd> {
  const logMel = await createLogMelFrontEnd();
  return {
    kind: 'wasm-simd',
    spectrogram: (windows, count) => logMel.computeBatch(windows.subarray(0, count * WINDOW_SAMPLES), count),
    close: () => logMel.close(),
  };
}

/** Opens the generated graph on a given provider; also used by tests and benchmarks on the CPU. */
export async function onnxFrontEnd(provider: ProviderName, threads: number): Promise<BatchFrontEnd> {
  const opened = await openSession(new Uint8Array(Buffer.from(FRONTEND_ONNX_BASE64, 'base64')), { provider, threads });
  return new OnnxFrontEnd(opened.session, `onnx-${opened.provider}`);
}

class OnnxFrontEnd implements BatchFrontEnd {
  constructor(
    private readonly session: ort.InferenceSession,
    readonly kind: string,
  ) {}

  async spectrogram(windows: Float32Array, count: number): Promise<Float32Array> {
    const audio = new ort.Tensor('float32', windows.subarray(0, count * WINDOW_SAMPLES), [count, WINDOW_SAMPLES]);
    const { spec } = await this.session.run({ audio });
    if (!spec) throw new Error(`the log-mel graph (${this.kind}) gave no 'spec' output`);
    return spec.data as Float32Array;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
