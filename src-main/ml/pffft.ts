import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PffftModule } from '@echogarden/pffft-wasm';

export const PFFFT_REAL = 0;
export const PFFFT_FORWARD = 0;

/** One instance of PFFFT compiled to WebAssembly, with the memory object other modules can share. */
export interface Pffft {
  readonly module: PffftModule;
  readonly memory: WebAssembly.Memory;
  /** 'simd' or 'scalar': which WebAssembly build runs (SIMD whenever the runtime validates it). */
  readonly flavour: 'simd' | 'scalar';
}

export async function loadPffft(): Promise<Pffft> {
  const require = createRequire(moduleUrl());
  const simdEntry = require.resolve('@echogarden/pffft-wasm/simd');
  // Hand the .wasm bytes over ourselves: after bundling, Emscripten's own lookup next to the script would miss.
  const simdBinary = await readFile(join(dirname(simdEntry), 'pffft.wasm'));
  if (WebAssembly.validate(simdBinary)) {
    const create = (await import('@echogarden/pffft-wasm/simd')).default;
    return instantiate(create, simdBinary, 'simd');
  }
  const scalarBinary = await readFile(join(dirname(require.resolve('@echogarden/pffft-wasm')), 'pffft.wasm'));
  const create = (await import('@echogarden/pffft-wasm')).default;
  return instantiate(create, scalarBinary, 'scalar');
}

type CreateModule = (typeof import('@echogarden/pffft-wasm'))['default'];

async function instantiate(create: CreateModule, binary: Uint8Array, flavour: 'simd' | 'scalar'): Promise<Pffft> {
  let memory: WebAssembly.Memory | undefined;
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failed = reject));
  // Emscripten keeps its memory object to itself; instantiating through this hook is how we get hold of it.
  const module = await Promise.race([
    create({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(new Uint8Array(binary), imports).then(({ instance, module: compiled }) => {
          memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
          receive(instance, compiled);
        }, failed); // Emscripten would wait for `receive` forever
        return {};
      },
    }),
    failure,
  ]);
  if (!memory) throw new Error('PFFFT exports no WebAssembly memory');
  return { module, memory, flavour };
}

function moduleUrl(): string {
  try {
    if (import.meta.url) return import.meta.url;
  } catch {
    // CommonJS bundle: no import.meta
  }
  return pathToFileURL(join(process.cwd(), 'index.js')).href;
}
