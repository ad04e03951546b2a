// A WAV that sox streamed to a pipe, end to end through the built `hark` command: catalogued, analysed, and
// played (served by `hark serve` and decoded from the served bytes). sox cannot seek back on a pipe, so its header
// keeps a placeholder data size of 0x7FFFF000 rounded down to whole frames, far past the end of the file.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeFile } from '../../src-main/audio/decode';
import { interleave, maxDifference, soxSamples, soxStreamed, wavDataSizeField } from '../audio/helpers/fixtures';
import { runHark, startHark } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp';

const TOKEN = 'streamed-wav-test-token';

function serve(db: string, env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = startHark(['--db', db, 'serve', '--token', TOKEN], env);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hark serve did not start:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const found = /Hark is serving at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (!found) return;
      clearTimeout(timer);
      resolve({ child, base: found[1]! });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`hark serve exited (${code}):\n${log}`)));
  });
}

describe('a WAV streamed out of sox', () => {
  const tempDir = useTempDirs();
  let server: ChildProcess | null = null;
  afterEach(async () => {
    if (server && server.exitCode === null) {
      server.removeAllListeners('exit');
      const exited = new Promise((done) => server!.once('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    server = null;
  });

  it('is catalogued, analysed and played', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    // sox's defaults for -n (48 kHz mono, 32-bit), and 24-bit stereo, whose placeholder is rounded to 6-byte frames.
    const streamed = soxStreamed(join(library, 'streamed.wav'), { seconds: 1 });
    const streamed24 = soxStreamed(join(library, 'streamed-24bit.wav'), {
      seconds: 0.5,
      format: ['-r', '44100', '-c', '2', '-b', '24'],
    });
    expect(wavDataSizeField(streamed)).toBe(0x7ffff000);
    expect(wavDataSizeField(streamed24)).toBe(0x7fffeffc);

    expect(await runHark(['--db', db, 'add', library], env)).toMatchObject({ code: 0 });
    const index = await runHark(['--db', db, 'index'], env);
    expect(index.code).toBe(0);
    expect(index.stdout).toContain('Catalogue: 2 files (2 new');
    expect(index.stdout).toContain('Analysis: 2 analysed, 0 failed');
    expect(JSON.parse((await runHark(['--db', db, 'failures', '--json'], env)).stdout)).toEqual([]);

    const running = await serve(db, env);
    server = running.child;
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const call = async (method: string, body: unknown) => {
      const response = await fetch(`${running.base}/api/${method}`, {
        method: 'POST',
        headers: { ...auth, Origin: running.base, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const { body: found } = await call('search', { text: 'streamed' });
    const hit = (name: string) => (found.hits as Array<{ id: number; name: string }>).find((h) => h.name === name)!;
    expect(hit('streamed.wav')).toMatchObject({ format: 'wav', duration: 1, status: 'analysed' });
    expect(hit('streamed-24bit.wav')).toMatchObject({ format: 'wav', duration: 0.5, status: 'analysed' });

    for (const [name, path] of [
      ['streamed.wav', streamed],
      ['streamed-24bit.wav', streamed24],
    ] as const) {
      const id = hit(name).id;
      const expected = soxSamples(path);
      // The waveform comes from the analysis pass; a file that failed to decode has none (404).
      const peaks = await call('getPeaks', { fileId: id });
      expect(peaks.status).toBe(200);
      expect(Math.max(...(peaks.body.data as number[]))).toBeCloseTo(
        expected.reduce((a, b) => Math.max(a, b), 0),
        1,
      );

      const media = await fetch(`${running.base}/media/${id}`, { headers: auth });
      expect(media.status).toBe(200);
      expect(media.headers.get('content-type')).toBe('audio/wav');
      const served = Buffer.from(await media.arrayBuffer());
      expect(served.equals(readFileSync(path))).toBe(true);
      // Played: what the player receives decodes to every sample sox itself reads from the file.
      const copy = join(dir, `served-${name}`);
      writeFileSync(copy, served);
      const audio = await decodeFile(copy);
      expect(maxDifference(interleave(audio.channels), expected)).toBeLessThanOrEqual(1e-7);
    }
  });
});
