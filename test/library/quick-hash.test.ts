import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickHash } from '../../src-main/library/quick-hash';
import { useTempDirs } from '../helpers/temp';

const EDGE = 64 * 1024;

describe('quickHash', () => {
  const tempDir = useTempDirs();

  function file(name: string, bytes: Buffer): [string, number] {
    const path = join(tempDir(), name);
    writeFileSync(path, bytes);
    return [path, bytes.length];
  }

  it('is the same for the same bytes under another name, and a 40-digit hex digest', async () => {
    const bytes = randomBytes(3 * EDGE);
    const a = await quickHash(...file('a.wav', bytes));
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(await quickHash(...file('moved and renamed.wav', Buffer.from(bytes)))).toBe(a);
  });

  it('changes when the first or last 64 KiB change', async () => {
    const bytes = randomBytes(3 * EDGE);
    const original = await quickHash(...file('a.wav', bytes));
    const head = Buffer.from(bytes);
    head[10]! ^= 1;
    const tail = Buffer.from(bytes);
    tail[tail.length - 1]! ^= 1;
    expect(await quickHash(...file('head.wav', head))).not.toBe(original);
    expect(await quickHash(...file('tail.wav', tail))).not.toBe(original);
  });

  it('reads only the edges: a change in the middle of a large file goes unseen (by design: two small reads)', async () => {
    const bytes = randomBytes(3 * EDGE);
    const middle = Buffer.from(bytes);
    middle[Math.floor(1.5 * EDGE)]! ^= 1;
    expect(await quickHash(...file('middle.wav', middle))).toBe(await quickHash(...file('a.wav', bytes)));
  });

  it('hashes the size too, and small files whole', async () => {
    const small = randomBytes(1000);
    const hash = await quickHash(...file('small.wav', small));
    const changed = Buffer.from(small);
    changed[500]! ^= 1;
    expect(await quickHash(...file('changed.wav', changed))).not.toBe(hash);
    const [path] = file('same.wav', small);
    expect(await quickHash(path, 1001)).not.toBe(hash);
    expect(await quickHash(...file('empty.wav', Buffer.alloc(0)))).toMatch(/^[0-9a-f]{40}$/);
  });

  it('sees the whole of a file between one and two edges long (head and tail overlap)', async () => {
    const bytes = randomBytes(EDGE + 100);
    const hash = await quickHash(...file('a.wav', bytes));
    for (const at of [0, 50, EDGE + 50]) {
      const changed = Buffer.from(bytes);
      changed[at]! ^= 1;
      expect(await quickHash(...file(`changed-${at}.wav`, changed)), `byte ${at}`).not.toBe(hash);
    }
  });
});
