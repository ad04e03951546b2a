import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatChannels,
  formatClock,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  formatSampleRate,
  formatScore,
  shortFolder,
} from '../../../src-renderer/lib/format';

describe('format', () => {
  it('durations', () => {
    expect(formatDuration(null)).toBe('–');
    // One format for all, so a column lines up: m:ss.hh, hours in front when there are any.
    expect(formatDuration(0.25)).toBe('0:00.25');
    expect(formatDuration(3.27)).toBe('0:03.27');
    expect(formatDuration(3.279)).toBe('0:03.27'); // never longer than it is
    expect(formatDuration(75)).toBe('1:15.00');
    expect(formatDuration(3725)).toBe('1:02:05.00');
    for (const seconds of [0.25, 3.27, 59.99, 75, 599]) expect(formatDuration(seconds)).toMatch(/^\d+:\d{2}\.\d{2}$/);
    expect(formatClock(3.25)).toBe('0:03.25');
    expect(formatClock(61.5)).toBe('1:01.50');
  });

  it('scores keep enough digits to compare neighbours', () => {
    expect(formatScore(0.8734)).toBe('0.87');
    expect(formatScore(0.016393)).toBe('0.02');
    expect(formatScore(0.0032787)).toBe('0.0033');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(Number.NaN)).toBe('–');
    expect(formatPercent(0.873)).toBe('87%');
    expect(formatPercent(1.4)).toBe('100%');
  });

  it('technical facts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatSampleRate(48000)).toBe('48 kHz');
    expect(formatSampleRate(44100)).toBe('44.1 kHz');
    expect(formatSampleRate(null)).toBe('–');
    expect(formatChannels(1)).toBe('mono');
    expect(formatChannels(2)).toBe('stereo');
    expect(formatChannels(6)).toBe('6 ch');
  });

  it('progress words', () => {
    expect(formatEta(null)).toBe('unknown');
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(45)).toBe('45 s');
    expect(formatEta(180)).toBe('3 min');
    expect(formatEta(4800)).toBe('1 h 20 min');
    expect(formatEta(7200)).toBe('2 h');
    expect(formatRate(0)).toBe('0 files/s');
    expect(formatRate(3.14159)).toBe('3.1 files/s');
    expect(formatRate(42.4)).toBe('42 files/s');
  });

  it('short folder names', () => {
    expect(shortFolder('/a/b/Doors/')).toBe('Doors');
    expect(shortFolder('C:\\Sounds\\Rain')).toBe('Rain');
    expect(shortFolder('/')).toBe('');
  });
});
