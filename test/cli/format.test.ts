import { describe, expect, it } from 'vitest';
import type { SearchHit, SearchResponse } from '../../src-main/api/contract';
import { BELOW_LINE_RULE, formatEta, formatHits, formatSummary } from '../../src-main/cli/format';

function hit(id: number, name: string, score: number, extra: Partial<SearchHit> = {}): SearchHit {
  return {
    id,
    path: `/lib/${name}`,
    name,
    folder: '/lib',
    format: 'wav',
    size: 1000,
    duration: 1.5,
    sampleRate: 48000,
    channels: 1,
    bitDepth: 16,
    status: 'analysed',
    favourite: false,
    modifiedMs: 0,
    loudnessLufs: null,
    score,
    ...extra,
    explanation: { matchedTerms: [], tags: [], ...extra.explanation },
  };
}

function response(hits: SearchHit[], extra: Partial<SearchResponse> = {}): SearchResponse {
  return { text: 'door', hits, total: 2, tookMs: 4, used: { keyword: true, neural: true }, ...extra };
}

describe('hark search text output', () => {
  it('counts the matches, and the weaker ones below the line, never the library', () => {
    expect(formatSummary(response([], { total: 12, belowLine: 3 }))).toBe(
      '12 matches (3 weaker below the line) in 4 ms (keyword + neural)',
    );
    expect(formatSummary(response([], { total: 1, belowLine: 0, used: { keyword: true, neural: false } }))).toBe(
      '1 match in 4 ms (keyword)',
    );
    expect(formatSummary(response([], { total: 0 }))).toBe('0 matches in 4 ms (keyword + neural)');
  });

  it('prints the weaker matches after a separator line, numbered on from the matches', () => {
    const out = formatHits(
      response(
        [
          hit(1, 'Door_Wood_01.wav', 0.82, { explanation: { matchedTerms: ['door'], tags: [] } }),
          hit(2, 'DoorKnock.wav', 0.61),
          hit(3, 'gate_creak.wav', 0.2, { belowLine: true }),
          hit(4, 'hinge.wav', 0.1, { belowLine: true }),
        ],
        { total: 2, belowLine: 2 },
      ),
    ).split('\n');
    expect(out.filter((line) => line === BELOW_LINE_RULE)).toHaveLength(1);
    const rule = out.indexOf(BELOW_LINE_RULE);
    expect(out.slice(0, rule).map((line) => line.trim().split(/\s+/)[0])).toEqual(['1.', '2.']);
    expect(out[rule + 1]).toMatch(/^ {2}3\. 0\.200 .*\/lib\/gate_creak\.wav$/);
    expect(out[rule + 2]).toContain('/lib/hinge.wav');
    expect(out[0]).toBe('  1. 0.820   0:01.5  /lib/Door_Wood_01.wav [door]');
    expect(out.at(-2)).toBe('2 matches (2 weaker below the line) in 4 ms (keyword + neural)');
  });

  it('draws no line when every hit is a match, and opens with it when none is', () => {
    const none = formatHits(response([hit(1, 'a.wav', 0.5), hit(2, 'b.wav', 0.4)]));
    expect(none).not.toContain(BELOW_LINE_RULE);
    const allWeak = formatHits(response([hit(1, 'a.wav', 0.1, { belowLine: true })], { total: 0, belowLine: 1 }));
    expect(allWeak.split('\n')[0]).toBe(BELOW_LINE_RULE);
  });

  it('marks unreadable and not analysed files', () => {
    const out = formatHits(
      response(
        [
          hit(1, 'door_new.wav', 0.7, {
            status: 'catalogued',
            explanation: { matchedTerms: ['door'], tags: [], notAnalysed: true },
          }),
          hit(2, 'door_broken.wav', 0.3, {
            belowLine: true,
            status: 'failed',
            explanation: { matchedTerms: ['door'], tags: [], unreadable: true },
          }),
        ],
        { total: 1, belowLine: 1 },
      ),
    ).split('\n');
    expect(out[0]).toBe('  1. 0.700   0:01.5  /lib/door_new.wav [not analysed: by name] [door]');
    expect(out[1]).toBe(BELOW_LINE_RULE);
    expect(out[2]).toBe('  2. 0.300   0:01.5  /lib/door_broken.wav [unreadable] [door]');
  });
});

describe('formatEta', () => {
  it('reads as hours and minutes, minutes and seconds, or seconds; -- when unknown', () => {
    expect(formatEta(null)).toBe('--');
    expect(formatEta(Number.NaN)).toBe('--');
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(59.6)).toBe('1m 00s');
    expect(formatEta(125)).toBe('2m 05s');
    expect(formatEta(3600)).toBe('1h 00m');
    expect(formatEta(3725)).toBe('1h 02m');
  });
});
