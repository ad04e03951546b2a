import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { handleMediaRequest } from '../../src-main/shell/media-protocol';
import { openTestCore } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('hark-media:// protocol', () => {
  const tempDir = useTempDirs();
  let core: Hark | null = null;
  afterEach(() => core?.close());

  it('streams library files with ranges and refuses anything else', async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    mkdirSync(library);
    mkdirSync(join(dir, 'private'));
    tone(library, 'pad.wav', { seconds: 1 });
    tone(join(dir, 'private'), 'diary.wav');
    symlinkSync(join(dir, 'private', 'diary.wav'), join(library, 'diary-link.wav'));
    core = await openTestCore(dir);
    await core.addRoot({ path: library });
    await core.indexNow(false);
    const ids = new Map((await core.search({ text: '', limit: 10 })).hits.map((hit) => [hit.name, hit.id]));
    const byName = (name: string) => ids.get(name)!;
    const media = core;

    const whole = await handleMediaRequest(media, new Request(`hark-media://file/${byName('pad.wav')}`));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    const size = Number(whole.headers.get('content-length'));
    expect((await whole.arrayBuffer()).byteLength).toBe(size);

    const part = await handleMediaRequest(
      media,
      new Request(`hark-media://file/${byName('pad.wav')}`, { headers: { Range: 'bytes=100-199' } }),
    );
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);

    expect((await handleMediaRequest(media, new Request(`hark-media://file/${byName('diary-link.wav')}`))).status).toBe(
      403,
    );
    expect((await handleMediaRequest(media, new Request('hark-media://file/../../etc/passwd'))).status).toBe(400);
    expect((await handleMediaRequest(media, new Request('hark-media://file/424242'))).status).toBe(404);

    const region = await handleMediaRequest(
      media,
      new Request(`hark-media://region/${byName('pad.wav')}?start=0&end=0.5`),
    );
    expect(region.status).toBe(200);
    expect(region.headers.get('content-disposition')).toBe(
      `attachment; filename="pad 0.000-0.500.wav"; filename*=UTF-8''pad%200.000-0.500.wav`,
    );
    expect(Buffer.from(await region.arrayBuffer()).readUInt32LE(40)).toBe(0.5 * 44100 * 2);
    const outside = `hark-media://region/${byName('diary-link.wav')}?start=0&end=0.1`;
    expect((await handleMediaRequest(media, new Request(outside))).status).toBe(403);
    expect(
      (await handleMediaRequest(media, new Request(`hark-media://region/${byName('pad.wav')}?start=x`))).status,
    ).toBe(400);
  });
});
