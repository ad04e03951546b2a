// No MP4 encoder is installed (no ffmpeg, no faac), so these files are assembled box by box, as ISO/IEC 14496-12
// lays them out.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileReader } from '../../src-main/container/file-reader';
import { readMp4AudioCodec } from '../../src-main/container/mp4';
import { concat, makeTempDir, writeBytes } from '../audio/helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const text = (value: string) => new TextEncoder().encode(value);
const zeros = (length: number) => new Uint8Array(length);

function box(type: string, ...children: Uint8Array[]): Uint8Array {
  const body = concat(children);
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setUint32(0, out.length, false);
  out.set(text(type), 4);
  out.set(body, 8);
  return out;
}

/** A box with a 64-bit size (size field 1, then the real size after the type). */
function largeBox(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 1, false);
  out.set(text(type), 4);
  view.setBigUint64(8, BigInt(out.length), false);
  out.set(body, 16);
  return out;
}

function track(handler: string, sampleEntry: string): Uint8Array {
  const hdlr = box('hdlr', zeros(4), zeros(4), text(handler), zeros(13));
  const stsd = box('stsd', new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1]), box(sampleEntry, zeros(28)));
  return box('trak', box('mdia', hdlr, box('minf', box('stbl', stsd))));
}

async function codecOf(name: string, bytes: Uint8Array): Promise<string | null> {
  const reader = await openFileReader(writeBytes(join(dir, name), bytes));
  try {
    return await readMp4AudioCodec(reader);
  } finally {
    await reader.close();
  }
}

const ftyp = box('ftyp', text('M4A '), zeros(4));

describe('readMp4AudioCodec', () => {
  it('names the sound track codec, with moov after the media data', async () => {
    expect(await codecOf('aac.m4a', concat([ftyp, box('mdat', zeros(100)), box('moov', track('soun', 'mp4a'))]))).toBe(
      'AAC',
    );
    expect(await codecOf('alac.m4a', concat([ftyp, box('moov', track('soun', 'alac')), box('mdat', zeros(10))]))).toBe(
      'ALAC',
    );
  });

  it('skips a video track before the sound, and reads past a 64-bit media box', async () => {
    const movie = concat([
      ftyp,
      largeBox('mdat', zeros(300)),
      box('moov', track('vide', 'avc1'), track('soun', 'ac-3')),
    ]);
    expect(await codecOf('movie.mp4', movie)).toBe('AC-3');
  });

  it('gives an unknown sample entry by its own name, and null without a sound track', async () => {
    expect(await codecOf('odd.m4a', concat([ftyp, box('moov', track('soun', 'xyz '))]))).toBe('xyz');
    expect(await codecOf('silent.mp4', concat([ftyp, box('moov', track('vide', 'avc1'))]))).toBeNull();
    expect(await codecOf('nomoov.mp4', concat([ftyp, box('mdat', zeros(10))]))).toBeNull();
  });
});
