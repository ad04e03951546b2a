import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { openTestCore } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

describe('removing a library folder', () => {
  const tempDir = useTempDirs();
  let hark: Hark | null = null;
  afterEach(() => {
    hark?.close();
    hark = null;
  });

  async function twoFolders() {
    const dir = tempDir();
    const drums = join(dir, 'drums');
    const empty = join(dir, 'empty');
    mkdirSync(drums);
    mkdirSync(empty);
    tone(drums, 'kick.wav', { freq: 60 });
    tone(drums, 'tom.wav', { freq: 120 });
    tone(drums, 'snare.wav', { freq: 200 });
    hark = await openTestCore(dir);
    await hark.addRoot({ path: drums });
    await hark.addRoot({ path: empty });
    await hark.indexNow(false);
    return { hark, drums, empty };
  }

  it('asks before forgetting files: a one-time token, for that folder only, is the yes', async () => {
    const { hark, drums, empty } = await twoFolders();
    const first = await hark.removeRoot({ path: drums });
    expect(first).toEqual({ removed: false, confirmation: { token: expect.any(String), files: 3 } });
    const token = first.confirmation!.token;

    expect(await hark.removeRoot({ path: drums, confirm: `${token}x` })).toMatchObject({ removed: false });
    expect((await hark.listRoots()).map((root) => root.fileCount)).toEqual([3, 0]);

    const events: string[] = [];
    hark.onEvent((event) => events.push(event.type));
    expect(await hark.removeRoot({ path: drums, confirm: token })).toEqual({ removed: true });
    expect(events).toEqual(['library-changed']);
    expect((await hark.listRoots()).map((root) => root.path)).toEqual([empty]);
    expect((await hark.search({ text: 'kick' })).total).toBe(0);
  });

  it('does not take a token twice, nor one given for another folder', async () => {
    const { hark, drums } = await twoFolders();
    const other = tempDir();
    tone(other, 'crow.wav');
    await hark.addRoot({ path: other });
    await hark.indexNow(false);
    const forOther = (await hark.removeRoot({ path: other })).confirmation!.token;
    expect(await hark.removeRoot({ path: drums, confirm: forOther })).toMatchObject({
      removed: false,
      confirmation: { files: 3 },
    });
    expect(await hark.removeRoot({ path: other, confirm: forOther })).toEqual({ removed: true });
    expect(await hark.removeRoot({ path: other, confirm: forOther })).toEqual({ removed: false });
  });

  it('removes an empty folder at once, and answers a folder not in the library with removed: false', async () => {
    const { hark, empty } = await twoFolders();
    expect(await hark.removeRoot({ path: empty })).toEqual({ removed: true });
    expect(await hark.removeRoot({ path: empty })).toEqual({ removed: false });
    expect(await hark.removeRoot({ path: '/no/such/folder', confirm: 'x' })).toEqual({ removed: false });
  });
});
