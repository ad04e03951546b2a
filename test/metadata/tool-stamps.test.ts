import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFile } from '../../src-main/metadata/probe';
import { isToolStamp } from '../../src-main/metadata/tool-stamps';
import { writeMetadata } from '../../src-main/metadata/write';
import { useTempDirs } from '../helpers/temp';

describe('tool stamps', () => {
  const tempDir = useTempDirs();

  it('knows what programs and recorders write by themselves, and leaves people’s words alone', () => {
    for (const stamp of [
      'Processed by SoX',
      'Lavf58.76.100',
      'LAME3.100',
      'Pro Tools',
      'REAPER v7.12',
      'Audacity 3.4.2',
      'Created with Adobe Audition',
      'sSPEED=023.976-ND\r\nsTAKE=03\r\nsUBITS=$00000000\r\n',
    ])
      expect(isToolStamp(stamp), stamp).toBe(true);
    for (const words of [
      'Heavy oak door slam',
      'Processed by hand: rusty gate creak, close mic',
      'Recorded at the harbour, foghorn in the distance',
      'SoX',
      'Rain on a tin roof, HEAVY=yes',
      '',
    ])
      expect(isToolStamp(words), words).toBe(false);
  });

  it('never takes the comment sox writes into every FLAC and Ogg file for its description', async () => {
    const dir = tempDir();
    for (const name of ['tone.flac', 'tone.ogg']) {
      const path = join(dir, name);
      execFileSync('sox', ['-n', path, 'synth', '0.2', 'sine', '440']);
      const probed = await probeFile(path);
      expect(probed.metadata['vorbis.COMMENT']).toBe('Processed by SoX');
      expect(probed.metadata.description).toBeUndefined();
      // A person's description in the same file is taken as ever.
      await writeMetadata(path, { description: 'Test tone, 440 Hz' });
      expect((await probeFile(path)).metadata.description).toBe('Test tone, 440 Hz');
    }
  });
});
