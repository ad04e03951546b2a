// @echogarden/pffft-wasm ships an Emscripten module without type declarations; these are the parts Hark uses.
declare module '@echogarden/pffft-wasm/simd' {
  import type { PffftModule, PffftModuleOptions } from '@echogarden/pffft-wasm';
  const createModule: (options?: PffftModuleOptions) => Promise<PffftModule>;
  export default createModule;
}

declare module '@echogarden/pffft-wasm' {
  export interface PffftModuleOptions {
    wasmBinary?: Uint8Array;
    /** Emscripten's hook to instantiate the module ourselves; returns the exports or {} when `receive` comes later. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => WebAssembly.Exports | Record<string, never>;
  }
  export interface PffftModule {
    HEAPF32: Float32Array;
    _pffft_new_setup(size: number, kind: number): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(pointer: number): void;
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  }
  const createModule: (options?: PffftModuleOptions) => Promise<PffftModule>;
  export default createModule;
}
