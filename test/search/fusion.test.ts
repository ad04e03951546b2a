import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../src-main/search/fusion';

const ids = (list: { fileId: number }[]) => list.map((item) => item.fileId);
const ranked = (...fileIds: number[]) => fileIds.map((fileId) => ({ fileId }));

describe('fuseRankings', () => {
  it('keeps every strong keyword hit above neural-only hits', () => {
    const fused = fuseRankings(ranked(1, 2, 3), [], ranked(9, 8, 3, 7));
    expect(ids(fused).slice(0, 3).sort()).toEqual([1, 2, 3]);
    expect(ids(fused).slice(3)).toEqual([9, 8, 7]);
  });

  it('lets the model break near-ties among strong hits but not overturn the keyword order', () => {
    // 2 is keyword #2 and neural #1: it moves ahead of 1 only because both signals agree.
    const fused = fuseRankings(ranked(1, 2), [], ranked(2));
    expect(ids(fused)).toEqual([2, 1]);
    const far = fuseRankings(ranked(...Array.from({ length: 30 }, (_, i) => i + 1)), [], ranked(30));
    expect(ids(far)[0]).toBe(1);
  });

  it('merges weak keyword hits and neural hits by reciprocal rank', () => {
    const fused = fuseRankings([], ranked(5, 6), ranked(6, 7));
    expect(ids(fused)[0]).toBe(6);
    expect(ids(fused).sort()).toEqual([5, 6, 7]);
  });

  it('gives scores in (0, 1], best first, strong hits above 0.5', () => {
    const fused = fuseRankings(ranked(1), [], ranked(2, 3));
    expect(fused).toHaveLength(3);
    expect(fused[0]!.score).toBe(1);
    expect(fused.slice(1).every((hit) => hit.score <= 0.5 && hit.score > 0)).toBe(true);
    const scores = fused.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
