import { describe, expect, it } from 'vitest';
import { rankByKeeping } from '../../../src-main/library/duplicates/keeper';
import type { DuplicateCandidate } from '../../../src-main/store/duplicates';

const file = (path: string, change: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
  id: path.length,
  path,
  name: path,
  folder: '/',
  format: 'wav',
  codec: null,
  size: 1000,
  mtimeMs: 0,
  quickHash: null,
  duration: 1,
  sampleRate: 44100,
  channels: 2,
  bitDepth: 16,
  status: 'analysed',
  favourite: false,
  loudnessLufs: null,
  hasFeatures: true,
  ...change,
});

describe('the suggested keeper', () => {
  const names = (group: DuplicateCandidate[]) => rankByKeeping(group).ordered.map((f) => f.path);

  it('prefers lossless, then rate, bits, channels, length and size, and says why', () => {
    const mp3 = file('/a.mp3', { format: 'mp3', sampleRate: 48000, size: 9000 });
    expect(rankByKeeping([mp3, file('/b.wav')])).toMatchObject({ reason: 'lossless' });
    expect(names([file('/a.wav'), file('/b.wav', { sampleRate: 48000 })])).toEqual(['/b.wav', '/a.wav']);
    expect(rankByKeeping([file('/a.wav'), file('/b.wav', { bitDepth: 24 })]).reason).toBe('highest bit depth');
    expect(rankByKeeping([file('/a.wav', { duration: 0.9 }), file('/b.wav')]).reason).toBe('longest');
    expect(rankByKeeping([file('/a.wav'), file('/b.wav', { size: 1200 })]).reason).toBe('largest file');
  });

  it('decides equals by path, the same way every run', () => {
    expect(rankByKeeping([file('/b.wav'), file('/a.wav')])).toMatchObject({
      reason: 'first by path (the copies are alike)',
    });
    expect(names([file('/b.wav'), file('/a.wav')])).toEqual(['/a.wav', '/b.wav']);
  });
});
