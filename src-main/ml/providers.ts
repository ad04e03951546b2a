import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import { EXECUTION_PROVIDERS, type ExecutionProvider } from '../api/contract';
import { isOneOf } from '../base/one-of';

/** What a person can ask for in settings or with --provider. */
export type ProviderChoice = ExecutionProvider;
export type ProviderName = Exclude<ProviderChoice, 'auto'>;

export const PROVIDER_CHOICES: readonly ProviderChoice[] = EXECUTION_PROVIDERS;

export function isProviderChoice(value: unknown): value is ProviderChoice {
  return isOneOf(EXECUTION_PROVIDERS, value);
}

/** Providers to try, best first: the GPU ones each platform can have, then the CPU, which always works. */
export function providerOrder(choice: ProviderChoice, platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  if (platform === 'win32') return ['cuda', 'dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cuda', 'cpu'];
}

/**
 * Intra-op threads per session so that workers x threads never exceeds the cores: oversubscribed ONNX Runtime
 * thread pools spin against each other and get slower, not faster.
 */
export function threadsPerWorker(workers: number, cores: number = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}

export interface SessionOptions {
  provider?: ProviderChoice;
  /** Intra-op threads (CPU work inside one run). Default: all cores. */
  threads?: number;
  /** Told why a provider failed or an asked-for one is missing; default console.warn. */
  log?: (message: string) => void;
}

export interface OpenedSession {
  session: ort.InferenceSession;
  /** The provider that runs it. */
  provider: ProviderName;
  /** Why better providers were passed over, one line each (empty when the first choice worked). */
  fallbacks: string[];
}

/**
 * Opens an ONNX Runtime session on the first provider that works. A provider missing from this build of
 * onnxruntime-node or failing to create the session (no driver, no GPU) falls back to the next, with the reason
 * logged; the CPU is last and always there.
 */
export async function openSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<OpenedSession> {
  const log = options.log ?? ((message: string) => console.warn(message));
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const available = new Set(ort.listSupportedBackends().map((backend) => backend.name));
  const fallbacks: string[] = [];
  const order = providerOrder(options.provider ?? 'auto');
  const automatic = (options.provider ?? 'auto') === 'auto';
  for (const provider of order) {
    // Automatic choice: a provider this install lacks is noted, not logged; that is the normal case on a machine
    // without a GPU (and an absent CUDA library would make ONNX Runtime print a loader error on every start).
    // Asked for by name, it is tried anyway so the person sees the real reason.
    if (provider !== 'cpu' && !available.has(provider)) {
      skip(provider, 'is not in this build of onnxruntime-node', !automatic);
      continue;
    }
    if (provider === 'cuda' && automatic && cudaLibraryPresent() === false) {
      skip(provider, 'is not installed (onnxruntime-node has no CUDA provider library beside it)', false);
      continue;
    }
    try {
      return { session: await createSession(model, provider, threads), provider, fallbacks };
    } catch (error) {
      skip(provider, `failed to start: ${firstLine(error)}`, true);
    }
  }
  throw new Error(`No execution provider could open the model: ${fallbacks.join('; ')}`);

  function skip(provider: ProviderName, why: string, loud: boolean): void {
    fallbacks.push(`${provider} ${why}`);
    if (loud) log(`Hark: execution provider ${provider} ${why}; trying the next one.`);
  }
}

function createSession(
  model: string | Uint8Array,
  provider: ProviderName,
  threads: number,
): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  };
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}

/** Whether onnxruntime-node's CUDA provider library was installed next to its binding; null if unknown. */
export function cudaLibraryPresent(): boolean | null {
  try {
    const require = createRequire(moduleUrl());
    const root = join(dirname(require.resolve('onnxruntime-node')), '..', 'bin');
    for (const napi of readdirSync(root)) {
      const folder = join(root, napi, process.platform, process.arch);
      if (!existsSync(folder)) continue;
      return readdirSync(folder).some((name) => /onnxruntime_providers_cuda\.(so|dll)$/.test(name));
    }
    return null;
  } catch {
    return null;
  }
}

function moduleUrl(): string {
  try {
    if (import.meta.url) return import.meta.url;
  } catch {
    // CommonJS bundle: no import.meta
  }
  return pathToFileURL(join(process.cwd(), 'index.js')).href;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const [line = ''] = text.split('\n');
  return line.slice(0, 300);
}
