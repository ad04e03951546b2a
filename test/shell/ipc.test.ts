import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserWindow, IpcMain } from 'electron';
import { API_METHODS } from '../../src-main/api/contract';
import type { Hark } from '../../src-main/app/hark';
import { EVENT_CHANNEL, INVOKE_PREFIX, START_REGION_DRAG } from '../../src-main/shell/ipc-channels';
import { registerIpc } from '../../src-main/shell/ipc';
import { openTestCore } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

type Handler = (event: { sender: unknown }, ...args: unknown[]) => unknown;

/** Just enough of ipcMain to record what the shell registers. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, handler: Handler) => listeners.set(channel, handler),
    removeListener: (channel: string) => listeners.delete(channel),
  };
  return { ipcMain: ipcMain as unknown as IpcMain, handlers, listeners };
}

describe('Electron IPC wiring', () => {
  const tempDir = useTempDirs();
  let core: Hark | null = null;
  afterEach(() => core?.close());

  async function setUp() {
    const dir = tempDir();
    core = await openTestCore(dir);
    const sent: unknown[] = [];
    const webContents = { send: (channel: string, payload: unknown) => sent.push([channel, payload]) };
    const window = { webContents } as unknown as BrowserWindow;
    const fake = fakeIpcMain();
    const revealed: string[] = [];
    const dispose = registerIpc(fake.ipcMain, core, () => window, {
      pickFolder: async () => '/picked',
      reveal: (path) => revealed.push(path),
      dragIcon: () => '',
      regionFolder: async () => mkdtempSync(join(dir, 'region-')),
    });
    return { dir, core, webContents, sent, revealed, dispose, ...fake };
  }

  it('registers exactly one handler per API method, plus the shell actions', async () => {
    const { handlers } = await setUp();
    const apiChannels = [...handlers.keys()].filter((channel) => channel.startsWith(INVOKE_PREFIX));
    expect(apiChannels.sort()).toEqual(API_METHODS.map((m) => INVOKE_PREFIX + m).sort());
  });

  it('validates input and calls the core, replying with an envelope', async () => {
    const { handlers, webContents, dir } = await setUp();
    const library = join(dir, 'lib');
    mkdirSync(library);
    tone(library, 'kick.wav');
    const addRoot = handlers.get(INVOKE_PREFIX + 'addRoot')!;
    const ok = (await addRoot({ sender: webContents }, { path: library })) as { ok: boolean; result: { path: string } };
    expect(ok.ok).toBe(true);
    const bad = await handlers.get(INVOKE_PREFIX + 'search')!({ sender: webContents }, { text: ['x'] });
    expect(bad).toEqual({ ok: false, error: { code: 'bad-request', message: 'search.text must be a string' } });
  });

  it('ignores calls from any other web contents', async () => {
    const { handlers } = await setUp();
    const reply = await handlers.get(INVOKE_PREFIX + 'listRoots')!({ sender: { some: 'other frame' } }, {});
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'Unknown sender.' } });
    expect(await handlers.get('hark-shell:pick-folder')!({ sender: {} })).toBeNull();
  });

  it('forwards core events to the window and removes everything on dispose', async () => {
    const { core, sent, dispose, handlers, listeners, dir } = await setUp();
    await core.addRoot({ path: dir });
    expect(sent).toContainEqual([EVENT_CHANNEL, { type: 'library-changed' }]);
    dispose();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });

  it('drags a selected stretch out as a WAV written for the drop, only for our window', async () => {
    const { listeners, webContents, dir, core } = await setUp();
    const library = join(dir, 'lib');
    mkdirSync(library);
    tone(library, 'pad.wav', { seconds: 1 });
    await core.addRoot({ path: library });
    await core.indexNow(false);
    const fileId = (await core.search({ text: '', limit: 5 })).hits[0]!.id;
    const drags: Array<{ file: string }> = [];
    const sender = Object.assign(webContents, { startDrag: (item: { file: string }) => drags.push(item) });
    const onRegionDrag = listeners.get(START_REGION_DRAG)!;

    await onRegionDrag({ sender }, { fileId, start: 0.25, end: 0.75 });
    await expect.poll(() => drags.length).toBe(1);
    expect(basename(drags[0]!.file)).toBe('pad 0.250-0.750.wav');
    const written = readFileSync(drags[0]!.file);
    expect(written.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(written.readUInt32LE(40)).toBe(0.5 * 44100 * 2); // half a second of 16-bit mono

    await onRegionDrag({ sender: { startDrag: () => drags.push({ file: 'foreign' }) } }, { fileId, start: 0, end: 1 });
    await onRegionDrag({ sender }, { fileId, start: 1, end: 0.5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drags).toHaveLength(1);
  });
});
