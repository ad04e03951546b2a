import { describe, expect, it } from 'vitest';
import type { Peaks } from '../../../src-main/api/contract';
import { PeaksCache } from '../../../src-renderer/lib/peaks-cache';

const peaksFor = (fileId: number): Peaks => ({ fileId, duration: 1, rate: 1, data: [-1, 1] });

describe('PeaksCache', () => {
  it('shares one request between rows asking at once and remembers the answer', async () => {
    const asked: number[] = [];
    const cache = new PeaksCache(async (id) => {
      asked.push(id);
      return peaksFor(id);
    });
    const [a, b] = await Promise.all([cache.get(1), cache.get(1)]);
    expect(a).toBe(b);
    await cache.get(1);
    expect(asked).toEqual([1]);
  });

  it('answers null for files without peaks instead of throwing', async () => {
    const cache = new PeaksCache(async () => {
      throw new Error('not analysed');
    });
    expect(await cache.get(7)).toBeNull();
  });

  it('forgets the least recently used beyond its capacity', async () => {
    const asked: number[] = [];
    const cache = new PeaksCache(async (id) => {
      asked.push(id);
      return peaksFor(id);
    }, 2);
    await cache.get(1);
    await cache.get(2);
    await cache.get(1); // 1 is now the most recent
    await cache.get(3); // evicts 2
    expect(cache.size).toBe(2);
    await cache.get(1);
    await cache.get(2);
    expect(asked).toEqual([1, 2, 3, 2]);
  });
});
