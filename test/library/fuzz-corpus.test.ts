// The broken-input campaign, kept in the suite: a few hundred mutated real files (sox, lame, oggenc, opusenc, and
// Debian's CC0 sonic-pi samples), generated at test time and indexed by the built CLI. Nothing may crash or hang,
// the run exits 0, every file ends analysed or failed with a reason, every path the scan could not take is a scan
// problem with a reason, and a second run tries none of the failures again.
//
// Unreadable files and folders: CI runs as root, which chmod 000 does not stop. When the test runs as root the index
// runs as `nobody` (setpriv, as test/cli/cli.test.ts does), so the unreadable entries are really unreadable to it.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathFromBytes } from '../../src-main/base/path-bytes';
import { buildWav, int16Bytes } from '../audio/helpers/fixtures';
import { runHark } from '../helpers/cli';
import { SONIC_PI } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';
import { toRf64 } from '../metadata/helpers/fixtures';

/** Deterministic: the same corpus on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sox(args: string[]): void {
  execFileSync('sox', ['-D', '-n', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Real files of every format Hark reads, short so that analysing a few hundred stays quick. */
function makeSeeds(dir: string): Map<string, Buffer> {
  const tone = (name: string, format: string[], rate = 44100, channels = 2) => {
    const path = join(dir, name);
    sox([
      '-r',
      String(rate),
      '-c',
      String(channels),
      ...format,
      path,
      'synth',
      '0.3',
      'sine',
      '300-3000',
      'vol',
      '0.5',
    ]);
    return path;
  };
  const wav = tone('seed16.wav', ['-b', '16']);
  tone('seed24.wav', ['-b', '24'], 48000, 1);
  tone('seedfloat.wav', ['-e', 'floating-point', '-b', '32'], 22050, 1);
  copyFileSync(wav, join(dir, 'seedrf64.wav'));
  toRf64(join(dir, 'seedrf64.wav'));
  tone('seed.aiff', ['-b', '16']);
  tone('seed.w64', ['-t', 'w64', '-b', '16']);
  execFileSync('lame', ['--quiet', wav, join(dir, 'seed.mp3')]);
  execFileSync('oggenc', ['-Q', wav, '-o', join(dir, 'seed.ogg')]);
  execFileSync('opusenc', ['--quiet', wav, join(dir, 'seed.opus')]);
  copyFileSync(join(SONIC_PI, 'elec_tick.flac'), join(dir, 'seed.flac'));
  copyFileSync(join(SONIC_PI, 'bd_fat.flac'), join(dir, 'seedb.flac'));
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** Truncations, bit flips and overwritten blocks: what failing disks, cut downloads and bad copies do. */
function genericMutations(bytes: Buffer, next: () => number): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const keep of [1, 4, 8, 12, 16, 44, 100]) out.push([`cut${keep}`, bytes.subarray(0, keep)]);
  for (const fraction of [0.01, 0.1, 0.5, 0.9, 0.999]) {
    out.push([`cut${fraction}`, bytes.subarray(0, Math.floor(bytes.length * fraction))]);
  }
  for (const [label, flips, span] of [
    ['head1', 1, 64],
    ['head4', 4, 64],
    ['head16', 16, 512],
    ['any1', 1, bytes.length],
    ['any10', 10, bytes.length],
    ['any200', 200, bytes.length],
  ] as const) {
    const copy = Buffer.from(bytes);
    for (let i = 0; i < flips; i++) {
      const at = Math.floor(next() * Math.min(span, copy.length));
      copy[at]! ^= 1 << Math.floor(next() * 8);
    }
    out.push([`flip-${label}`, copy]);
  }
  for (const fill of [0x00, 0xff]) {
    const copy = Buffer.from(bytes);
    const at = Math.floor(next() * copy.length * 0.5);
    copy.fill(fill, at, Math.min(copy.length, at + 512));
    out.push([`fill${fill}`, copy]);
  }
  return out;
}

/** WAV fmt/data/RIFF fields set to what a damaged or hostile header says. */
function absurdWavs(): [string, Buffer][] {
  const data = int16Bytes(Array.from({ length: 8820 }, (_, i) => Math.round(8000 * Math.sin(i / 7))));
  const base = Buffer.from(buildWav({ channels: 2, sampleRate: 44100, data }));
  // buildWav's layout: fmt body at 20 (tag 20, channels 22, rate 24, byte rate 28, block align 32, bits 34), data
  // header at 36, samples from 44.
  const edits: [string, (b: Buffer) => void][] = [];
  for (const v of [0, 3, 255, 65535]) edits.push([`channels${v}`, (b) => b.writeUInt16LE(v, 22)]);
  for (const v of [0, 1, 7, 2 ** 31 - 1, 2 ** 32 - 1]) edits.push([`rate${v}`, (b) => b.writeUInt32LE(v, 24)]);
  for (const v of [0, 1, 7, 12, 64, 65535]) edits.push([`bits${v}`, (b) => b.writeUInt16LE(v, 34)]);
  for (const v of [0, 1, 65535]) edits.push([`align${v}`, (b) => b.writeUInt16LE(v, 32)]);
  for (const v of [0, 2, 0x55, 0xfffe, 0xffff]) edits.push([`tag${v}`, (b) => b.writeUInt16LE(v, 20)]);
  for (const v of [0, 2, 0xfffffff0]) edits.push([`fmtsize${v}`, (b) => b.writeUInt32LE(v, 16)]);
  for (const v of [0, 1, 0x7fffffff, 0xffffffff]) edits.push([`datasize${v}`, (b) => b.writeUInt32LE(v, 40)]);
  for (const v of [0, 4, 0xffffffff]) edits.push([`riffsize${v}`, (b) => b.writeUInt32LE(v, 4)]);
  edits.push(['nofmt', (b) => b.write('fmX ', 12, 'latin1')]);
  edits.push(['nodata', (b) => b.write('dat4', 36, 'latin1')]);
  edits.push(['rf64-without-ds64', (b) => b.write('RF64', 0, 'latin1')]);
  const out: [string, Buffer][] = edits.map(([name, edit]) => {
    const copy = Buffer.from(base);
    edit(copy);
    return [name, copy];
  });
  // RF64 whose ds64 lies: sizes beyond the file, beyond 2^53, zero, and a chunk table that claims 2^32 - 1 entries.
  const rf64 = Buffer.from(buildWav({ riff: 'RF64', channels: 2, data }));
  const ds64Body = rf64.indexOf('ds64', 0, 'latin1') + 8;
  const rf64Edits: [string, (b: Buffer) => void][] = [
    ['ds64-data-huge', (b) => b.writeBigUInt64LE(2n ** 40n, ds64Body + 8)],
    ['ds64-data-2^63', (b) => b.writeBigUInt64LE(2n ** 63n, ds64Body + 8)],
    ['ds64-data-zero', (b) => b.writeBigUInt64LE(0n, ds64Body + 8)],
    ['ds64-table', (b) => b.writeUInt32LE(0xffffffff, ds64Body + 24)],
    ['ds64-size-zero', (b) => b.writeUInt32LE(0, ds64Body - 4)],
    ['ds64-size-huge', (b) => b.writeUInt32LE(0xfffffff0, ds64Body - 4)],
  ];
  for (const [name, edit] of rf64Edits) {
    const copy = Buffer.from(rf64);
    edit(copy);
    out.push([name, copy]);
  }
  return out;
}

/** Format fields of the other containers set to impossible values, and frames made corrupt. */
function absurdOthers(seeds: Map<string, Buffer>): [string, string, Buffer][] {
  const out: [string, string, Buffer][] = [];
  const variant = (name: string, ext: string, seed: Buffer, edit: (b: Buffer) => void) => {
    const copy = Buffer.from(seed);
    edit(copy);
    out.push([name, ext, copy]);
  };
  const aiff = seeds.get('seed.aiff')!;
  const comm = aiff.indexOf('COMM', 12, 'latin1') + 8;
  for (const v of [0, -1, 32767]) variant(`aiff-channels${v}`, 'aiff', aiff, (b) => b.writeInt16BE(v, comm));
  for (const v of [0, 0xffffffff]) variant(`aiff-frames${v}`, 'aiff', aiff, (b) => b.writeUInt32BE(v, comm + 2));
  for (const v of [0, 33, 64]) variant(`aiff-bits${v}`, 'aiff', aiff, (b) => b.writeInt16BE(v, comm + 6));
  for (const [label, exponent] of [
    ['nan', 0x7fff],
    ['zero', 0x0000],
    ['1e24', 0x4050],
    ['1hz', 0x3fff],
    ['negative', 0xc00d],
  ] as const) {
    variant(`aiff-rate-${label}`, 'aiff', aiff, (b) => b.writeUInt16BE(exponent, comm + 8));
  }
  const ssnd = aiff.indexOf('SSND', 12, 'latin1') + 8;
  variant('aiff-ssnd-offset', 'aiff', aiff, (b) => b.writeUInt32BE(0xfffffff0, ssnd));

  const flac = seeds.get('seed.flac')!;
  // STREAMINFO body at 8: sample rate in the top 20 bits at 18, then channels and bits per sample.
  variant('flac-rate0', 'flac', flac, (b) => b.fill(0, 18, 20).writeUInt8(b[20]! & 0x0f, 20));
  variant('flac-blocklength', 'flac', flac, (b) => b.writeUIntBE(0xffffff, 5, 3));
  variant('flac-no-streaminfo', 'flac', flac, (b) => b.writeUInt8((b[4]! & 0x80) | 0x05, 4));
  variant('flac-frames-garbage', 'flac', flac, (b) => b.fill(0x5a, Math.floor(b.length / 2)));
  variant('flac-frame-sync', 'flac', flac, (b) => {
    for (let i = 42; i + 1 < b.length; i++) if (b[i] === 0xff && (b[i + 1]! & 0xfe) === 0xf8) b[i] = 0x00;
  });

  const mp3 = seeds.get('seed.mp3')!;
  variant('mp3-sync', 'mp3', mp3, (b) => {
    for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0xff && (b[i + 1]! & 0xe0) === 0xe0) b[i] = 0x7f;
  });
  variant('mp3-frames-garbage', 'mp3', mp3, (b) => b.fill(0xa5, 600));
  out.push([
    'mp3-id3-huge',
    'mp3',
    Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]), mp3]),
  ]);
  out.push([
    'mp3-id3-only',
    'mp3',
    Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 20]), Buffer.alloc(20)]),
  ]);

  for (const ext of ['ogg', 'opus']) {
    const ogg = seeds.get(`seed.${ext}`)!;
    const second = ogg.indexOf('OggS', 4, 'latin1');
    variant(`${ext}-crc`, ext, ogg, (b) => b.writeUInt32LE(0xdeadbeef, 22));
    variant(`${ext}-segments`, ext, ogg, (b) => b.writeUInt8(255, 26));
    variant(`${ext}-codec-id`, ext, ogg, (b) => b.write('X', 29, 'latin1'));
    variant(`${ext}-second-page`, ext, ogg, (b) => b.fill(0x33, second, second + 200));
    variant(`${ext}-granule`, ext, ogg, (b) => {
      const last = b.lastIndexOf('OggS', undefined, 'latin1');
      b.writeBigUInt64LE(2n ** 63n - 1n, last + 6);
    });
    variant(`${ext}-pages-garbage`, ext, ogg, (b) => b.fill(0x77, second + 300));
  }

  const w64 = seeds.get('seed.w64')!;
  for (const [label, size] of [
    ['zero', 0n],
    ['small', 23n],
    ['huge', 2n ** 62n],
    ['max', 2n ** 64n - 1n],
  ] as const) {
    variant(`w64-fmt-${label}`, 'w64', w64, (b) => b.writeBigUInt64LE(size, 40 + 16));
    variant(`w64-data-${label}`, 'w64', w64, (b) => b.writeBigUInt64LE(size, 80 + 16));
  }
  return out;
}

/** Names that trip up shells, parsers and text encodings; each holds a valid file, which must be analysed. */
function oddNames(): (string | Buffer)[] {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  return [
    'space in name.wav',
    ' leading space.wav',
    'trailing space .wav',
    '-rf.wav',
    'semi;colon&amp.wav',
    `quotes'"\`$(x).wav`,
    'new\nline.wav',
    'tab\there.wav',
    `${'long'.repeat(62)}.wav`,
    'cafe\u0301 NFD.wav',
    '🔊 emoji.wav',
    'SHOUT.WAV',
    '.hidden.wav',
    'back\\slash.wav',
    '%41%zz percent.wav',
    'private use \uefe9.wav',
    latin1('naïve Latin-1.wav'),
    Buffer.concat([Buffer.from('lone '), Buffer.from([0xff, 0xc3]), Buffer.from(' bytes.wav')]),
  ];
}

describe('the fuzz corpus, indexed by the built CLI', () => {
  const tempDir = useTempDirs();

  it('gives 0 crashes, exit 0, and a reason for every failure', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const seedDir = join(dir, 'seeds');
    mkdirSync(seedDir);
    const seeds = makeSeeds(seedDir);
    const library = join(dir, 'library');
    mkdirSync(library);
    /** Every audio-named path made, in the form the library stores, with whether it must analyse. */
    const made = new Map<string, 'valid' | 'broken' | 'problem'>();
    const put = (folder: string, name: string | Buffer, bytes: Buffer, kind: 'valid' | 'broken') => {
      mkdirSync(folder, { recursive: true });
      const path = Buffer.concat([Buffer.from(`${folder}/`), typeof name === 'string' ? Buffer.from(name) : name]);
      writeFileSync(path, bytes);
      made.set(pathFromBytes(path), kind); // the stored form (base/path-bytes.ts)
    };

    const next = random(13);
    for (const [name, bytes] of seeds) {
      const ext = name.slice(name.lastIndexOf('.'));
      put(join(library, 'seeds'), name, bytes, 'valid');
      for (const [label, mutated] of genericMutations(bytes, next)) {
        put(join(library, 'mutated', name.replace(/\W/g, '-')), `${label}${ext}`, mutated, 'broken');
      }
    }
    for (const [name, bytes] of absurdWavs()) put(join(library, 'absurd', 'wav'), `${name}.wav`, bytes, 'broken');
    for (const [name, ext, bytes] of absurdOthers(seeds))
      put(join(library, 'absurd', ext), `${name}.${ext}`, bytes, 'broken');
    const valid = seeds.get('seed16.wav')!;
    for (const name of oddNames()) put(join(library, 'names'), name, valid, 'valid');
    put(library, 'empty.wav', Buffer.alloc(0), 'broken');
    put(library, 'not-audio.flac', Buffer.from('%PDF-1.4 this is a document'), 'broken');

    // What a file system can hold besides files.
    const special = join(library, 'special');
    mkdirSync(special);
    symlinkSync(special, join(special, 'loop-to-self'));
    symlinkSync(join(special, 'b-loop.wav'), join(special, 'a-loop.wav'));
    symlinkSync(join(special, 'a-loop.wav'), join(special, 'b-loop.wav'));
    symlinkSync(join(special, 'nowhere.wav'), join(special, 'dangling.wav'));
    execFileSync('mkfifo', [join(special, 'fifo.wav')]);
    symlinkSync(join(special, 'fifo.wav'), join(special, 'link-to-fifo.wav'));
    mkdirSync(join(special, 'folder.wav'));
    for (const name of ['a-loop.wav', 'b-loop.wav', 'dangling.wav', 'fifo.wav', 'link-to-fifo.wav']) {
      made.set(join(special, name), 'problem');
    }
    put(special, 'unreadable.wav', valid, 'valid');
    chmodSync(join(special, 'unreadable.wav'), 0o000);
    made.set(join(special, 'unreadable.wav'), 'problem');
    const closed = join(special, 'unreadable-folder');
    put(closed, 'inside.wav', valid, 'valid');
    made.delete(join(closed, 'inside.wav')); // cannot be listed: the folder is the problem
    chmodSync(closed, 0o000);
    made.set(closed, 'problem');
    expect(made.size).toBeGreaterThan(300);

    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const dbPath = join(dir, 'library.db');
    const asNobody = { asNobody: true };
    expect((await runHark(['--db', dbPath, 'add', library], env, asNobody)).code).toBe(0);
    const first = await runHark(['--db', dbPath, 'index'], env, asNobody);
    expect(first.stderr).not.toMatch(/\n\s+at \S+ \(|Uncaught|FATAL|heap out of memory/);
    expect(first.code).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      const files = db.prepare('SELECT path, status, error_stage, error FROM files').all() as {
        path: string;
        status: string;
        error_stage: string | null;
        error: string | null;
      }[];
      const problems = db.prepare('SELECT path, stage, reason FROM scan_problems').all() as {
        path: string;
        stage: string;
        reason: string;
      }[];
      const byPath = new Map(files.map((file) => [file.path, file]));
      const problemAt = new Map(problems.map((problem) => [problem.path, problem]));
      // Nothing left half-done, and every failure and problem says why.
      expect(files.filter((file) => file.status === 'catalogued')).toEqual([]);
      expect(files.filter((file) => file.status === 'failed' && !file.error?.trim())).toEqual([]);
      expect(problems.filter((problem) => !problem.reason.trim())).toEqual([]);
      // Every path made is accounted for: valid files analysed, the rest analysed or failed, problems recorded.
      const unaccounted: string[] = [];
      const validNotAnalysed: string[] = [];
      for (const [path, kind] of made) {
        const file = byPath.get(path);
        if (!file && !problemAt.has(path)) unaccounted.push(path);
        if (kind === 'valid' && file?.status !== 'analysed') validNotAnalysed.push(path);
        if (kind === 'problem') expect(problemAt.get(path)?.reason, path).toMatch(/\w/);
      }
      expect(unaccounted).toEqual([]);
      expect(validNotAnalysed).toEqual([]);
      expect(problemAt.get(join(special, 'a-loop.wav'))?.reason).toBe('symbolic link loop');
      expect(problemAt.get(join(special, 'fifo.wav'))?.reason).toMatch(/not a regular file/);
      expect(problemAt.get(join(special, 'unreadable.wav'))?.reason).toMatch(/permission denied/);
      expect(problemAt.get(closed)?.reason).toMatch(/permission denied/);
      // Most of the broken files really are failures (the corpus tests something), each with its own reason.
      const failed = files.filter((file) => file.status === 'failed');
      expect(failed.length).toBeGreaterThan(150);
      expect(new Set(failed.map((file) => file.error)).size).toBeGreaterThan(20);

      // The failures are permanent: the next run tries none of them again.
      const second = await runHark(['--db', dbPath, 'index'], env, asNobody);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/Catalogue: \d+ files \(0 new, 0 changed, 0 moved, 0 removed/);
      expect(second.stdout).toContain('Analysis: 0 analysed, 0 failed');
    } finally {
      db.close();
      chmodSync(closed, 0o755); // so that the temp folder can be removed
    }
  }, 180_000);
});
