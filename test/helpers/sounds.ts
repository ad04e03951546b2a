import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SONIC_PI = '/usr/share/sonic-pi/samples';

/** Writes a tone with sox: `tone(dir, 'kick.wav', { seconds: 0.5 })`. */
export function tone(
  dir: string,
  name: string,
  options: { seconds?: number; freq?: number; rate?: number; channels?: number; bits?: number } = {},
): string {
  const path = join(dir, name);
  const { seconds = 0.5, freq = 440, rate = 44100, channels = 1, bits = 16 } = options;
  const args = ['-n', '-r', String(rate), '-c', String(channels)];
  if (/\.(wav|aiff?)$/i.test(name)) args.push('-b', String(bits));
  execFileSync('sox', [...args, path, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
  return path;
}

/** Copies a CC0 sample from Debian's sonic-pi-samples. */
export function sonicPi(dir: string, sample: string, as = sample): string {
  const source = join(SONIC_PI, sample);
  if (!existsSync(source)) throw new Error(`${source} missing: install the Debian package sonic-pi-samples`);
  const path = join(dir, as);
  copyFileSync(source, path);
  return path;
}

/**
 * A WAV that catalogues (its RIFF header and chunk sizes are sound) but fails at decode: the fmt chunk names MP3
 * (format 0x0055) over plain PCM bytes, so `hark index` records it as failed at stage decode.
 */
export function undecodableWav(dir: string, name: string): string {
  const path = tone(dir, name, { seconds: 0.5 });
  const bytes = readFileSync(path);
  const fmt = bytes.indexOf('fmt ', 12, 'latin1');
  if (fmt < 0) throw new Error(`${path}: sox wrote no fmt chunk`);
  bytes.writeUInt16LE(0x0055, fmt + 8);
  writeFileSync(path, bytes);
  return path;
}
