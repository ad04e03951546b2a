import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayName, fsPath, pathFromBytes } from '../../src-main/base/path-bytes';

const LATIN1_CAFE = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x66, 0x6c, 0x61, 0x63]); // café.flac in Latin-1

describe('paths whose bytes are not UTF-8', () => {
  it('leaves UTF-8 names as they are, in both directions', () => {
    for (const name of ['kick.wav', 'café.flac', 'Schlagzeug – Überblick 🥁.wav', 'a\ufffdb.wav']) {
      expect(pathFromBytes(Buffer.from(name, 'utf8'))).toBe(name);
      expect(fsPath(name)).toBe(name);
      expect(displayName(name)).toBe(name);
    }
  });

  it('keeps a Latin-1 name as text that gives back its exact bytes, and shows it as Latin-1', () => {
    const stored = pathFromBytes(LATIN1_CAFE);
    expect(stored).toBe('caf\uefe9.flac');
    expect(Buffer.compare(fsPath(`/lib/${stored}`) as Buffer, Buffer.concat([Buffer.from('/lib/'), LATIN1_CAFE]))).toBe(
      0,
    );
    expect(displayName(stored)).toBe('café.flac');
  });

  it('maps every byte string to one text and back, private-use characters of the escape range included', () => {
    const samples = [
      Buffer.from([0x80, 0x9f, 0xff, 0xc3]), // lone continuation bytes, a cut two-byte sequence
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded UTF-16 surrogate: not UTF-8
      Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), // overlong encodings of '/'
      Buffer.from('x\uefe9y', 'utf8'), // a real U+EFE9, which must not read back as the byte e9
      Buffer.concat([Buffer.from('Düsseldorf/'), Buffer.from([0x44, 0xfc, 0x73])]), // mixed: UTF-8 and Latin-1
    ];
    const texts = new Set<string>();
    for (const bytes of samples) {
      const text = pathFromBytes(bytes);
      texts.add(text);
      const back = fsPath(text);
      expect(Buffer.isBuffer(back) ? back : Buffer.from(back, 'utf8')).toEqual(bytes);
    }
    expect(texts.size).toBe(samples.length);
    expect(pathFromBytes(Buffer.from('x\uefe9y', 'utf8'))).not.toBe(pathFromBytes(Buffer.from([0x78, 0xe9, 0x79])));
  });

  it('opens a real file created under a Latin-1 name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-names-'));
    try {
      const bytesPath = Buffer.concat([Buffer.from(`${dir}/`), LATIN1_CAFE]);
      writeFileSync(bytesPath, 'sound');
      const stored = `${dir}/${pathFromBytes(LATIN1_CAFE)}`;
      expect(readFileSync(fsPath(stored), 'utf8')).toBe('sound');
      // What Node makes of the name by default names no file at all: the defect this mapping fixes.
      expect(() => readFileSync(`${dir}/caf\ufffd.flac`)).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
