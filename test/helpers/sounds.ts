import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
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
