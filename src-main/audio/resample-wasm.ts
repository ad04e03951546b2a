// The resampler's inner loop as a tiny WebAssembly module using 128-bit SIMD (four float multiply-adds per
// instruction). Why: the polyphase dot products are nearly all of the analysis decode's CPU time, and plain JS on
// Float32Arrays runs them one at a time with bounds checks; SIMD makes the resampler several times faster.
//
// The module is written out here byte by byte (the WebAssembly binary format is small and documented in the spec,
// https://webassembly.github.io/spec/core/binary/), so the build needs no extra toolchain. It exports its memory
// and one function, equivalent to this JS (addresses are byte offsets into the memory, taps a multiple of 8):
//
//   run(table, taps, src, out, count, phase, stepBytes, stepPhase, up):
//     while (count-- > 0) {
//       row = table + phase * taps * 4;  sum = dot(f32[row .. row + taps], f32[src .. src + taps]);
//       f32[out] = sum;  out += 4;  src += stepBytes;  phase += stepPhase;
//       if (phase >= up) { phase -= up; src += 4; }
//     }

// Parameters and locals, by index.
const TABLE = 0;
const TAPS = 1;
const SRC = 2;
const OUT = 3;
const COUNT = 4;
const PHASE = 5;
const STEP_BYTES = 6;
const STEP_PHASE = 7;
const UP = 8;
const ROW = 9; // i32 locals
const P = 10;
const LEFT = 11;
const ACC0 = 12; // v128 locals
const ACC1 = 13;

const I32 = 0x7f;
const V128 = 0x7b;
const VOID_BLOCK = 0x40;

// Instructions (opcode bytes).
const get = (index: number) => [0x20, index];
const set = (index: number) => [0x21, index];
const i32Const = (value: number) => [0x41, ...signedLeb(value)];
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const I32_EQZ = 0x45;
const I32_GE_S = 0x4e;
const F32_ADD = 0x92;
const f32Store = [0x38, 2, 0]; // align 4, offset 0
const v128Load = (offset: number) => [0xfd, 0x00, 0, ...unsignedLeb(offset)];
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_ADD = [0xfd, 0xe4, 0x01];
const F32X4_MUL = [0xfd, 0xe6, 0x01];
const extractLane = (lane: number) => [0xfd, 0x1f, lane];
const block = [0x02, VOID_BLOCK];
const loop = [0x03, VOID_BLOCK];
const ifThen = [0x04, VOID_BLOCK];
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];
const END = 0x0b;

/** acc += table[row + offset .. +4] * input[p + offset .. +4] */
const multiplyAdd = (acc: number, offset: number) => [
  ...get(acc),
  ...get(ROW),
  ...v128Load(offset),
  ...get(P),
  ...v128Load(offset),
  ...F32X4_MUL,
  ...F32X4_ADD,
  ...set(acc),
];
const addTo = (index: number, other: number[]) => [...get(index), ...other, I32_ADD, ...set(index)];

const body = [
  // locals: 3 x i32 (row, p, left), 2 x v128 (acc0, acc1)
  2,
  3,
  I32,
  2,
  V128,
  ...block,
  ...loop,
  ...get(COUNT),
  I32_EQZ,
  ...brIf(1),
  ...get(TABLE),
  ...get(PHASE),
  ...get(TAPS),
  I32_MUL,
  ...i32Const(2),
  I32_SHL,
  I32_ADD,
  ...set(ROW),
  ...get(SRC),
  ...set(P),
  ...get(TAPS),
  ...set(LEFT),
  ...v128Zero,
  ...set(ACC0),
  ...v128Zero,
  ...set(ACC1),
  ...loop,
  ...multiplyAdd(ACC0, 0),
  ...multiplyAdd(ACC1, 16),
  ...addTo(ROW, i32Const(32)),
  ...addTo(P, i32Const(32)),
  ...get(LEFT),
  ...i32Const(8),
  I32_SUB,
  ...set(LEFT),
  ...get(LEFT),
  ...brIf(0),
  END,
  // out[0] = sum of the eight lanes
  ...get(OUT),
  ...get(ACC0),
  ...get(ACC1),
  ...F32X4_ADD,
  ...set(ACC0),
  ...get(ACC0),
  ...extractLane(0),
  ...get(ACC0),
  ...extractLane(1),
  F32_ADD,
  ...get(ACC0),
  ...extractLane(2),
  F32_ADD,
  ...get(ACC0),
  ...extractLane(3),
  F32_ADD,
  ...f32Store,
  ...addTo(OUT, i32Const(4)),
  ...addTo(SRC, get(STEP_BYTES)),
  ...addTo(PHASE, get(STEP_PHASE)),
  ...get(PHASE),
  ...get(UP),
  I32_GE_S,
  ...ifThen,
  ...get(PHASE),
  ...get(UP),
  I32_SUB,
  ...set(PHASE),
  ...addTo(SRC, i32Const(4)),
  END,
  ...get(COUNT),
  ...i32Const(1),
  I32_SUB,
  ...set(COUNT),
  ...br(0),
  END,
  END,
  END, // function
];

const section = (id: number, content: number[]) => [id, ...unsignedLeb(content.length), ...content];
const name = (text: string) => [text.length, ...Array.from(text, (char) => char.charCodeAt(0))];

const MODULE_BYTES = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // "\0asm", version 1
  ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(I32), 0]), // type 0: (9 x i32) -> ()
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0x00, 1]), // one memory, at least one page, no maximum
  ...section(7, [2, ...name('memory'), 0x02, 0, ...name('run'), 0x00, 0]),
  ...section(10, [1, ...unsignedLeb(body.length), ...body]),
]);

export interface PolyphaseWasm {
  memory: WebAssembly.Memory;
  run(
    table: number,
    taps: number,
    src: number,
    out: number,
    count: number,
    phase: number,
    stepBytes: number,
    stepPhase: number,
    up: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** A fresh instance (its own memory), or null where WebAssembly SIMD is unavailable. */
export function instantiatePolyphaseWasm(): PolyphaseWasm | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(MODULE_BYTES);
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  const exports = new WebAssembly.Instance(compiled).exports as unknown as PolyphaseWasm;
  return { memory: exports.memory, run: exports.run };
}

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
