import { describe, expect, it } from 'vitest';
import { levelColour, spectrogramPixels } from '../../../src-renderer/lib/spectrogram-image';

describe('spectrogram pixels', () => {
  it('draws the lowest band at the bottom, and a loud cell brighter than a quiet one', () => {
    // 2 bands x 3 columns: the low band loud in its middle column.
    const bytes = Uint8Array.from([0, 255, 0, 10, 10, 10]);
    const pixels = spectrogramPixels({
      fileId: 1,
      bands: 2,
      columns: 3,
      seconds: 1,
      data: btoa(String.fromCharCode(...bytes)),
    });
    expect(pixels).toHaveLength(2 * 3 * 4);
    const brightness = (row: number, column: number) => {
      const at = (row * 3 + column) * 4;
      return pixels[at]! + pixels[at + 1]! + pixels[at + 2]!;
    };
    expect(brightness(1, 1)).toBeGreaterThan(brightness(1, 0)); // bottom row = low band
    expect(brightness(1, 1)).toBeGreaterThan(brightness(0, 1));
    const sum = (c: [number, number, number]) => c[0] + c[1] + c[2];
    for (let level = 0; level < 255; level += 15)
      expect(sum(levelColour(level + 15))).toBeGreaterThanOrEqual(sum(levelColour(level)) - 60);
    expect(sum(levelColour(255))).toBeGreaterThan(sum(levelColour(0)) + 300);
  });
});
