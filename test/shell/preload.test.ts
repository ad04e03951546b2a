import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../src-main/api/contract';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const sent: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return args[0] === 'hark:getFile'
        ? { ok: false, error: { code: 'not-found', message: 'No file with id 9.' } }
        : { ok: true, result: 'fine' };
    },
    on: () => {},
    removeListener: () => {},
    send: (...args: unknown[]) => sent.push(args),
  },
}));

describe('preload', () => {
  it('exposes one object with the typed invoke and the shell actions, nothing else', async () => {
    await import('../../src-main/shell/preload');
    const preloadApi = exposed.hark as Record<string, unknown>;
    expect(Object.keys(exposed)).toEqual(['hark']);
    expect(Object.keys(preloadApi).sort()).toEqual([
      'invoke',
      'onEvent',
      'pickFolder',
      'platform',
      'revealInFolder',
      'startDrag',
      'startRegionDrag',
    ]);
  });

  it('sends drags to the shell, a region with its stretch', async () => {
    await import('../../src-main/shell/preload');
    const preloadApi = exposed.hark as { startRegionDrag: (id: number, start: number, end: number) => void };
    preloadApi.startRegionDrag(7, 0.5, 1.25);
    expect(sent).toEqual([['hark-shell:start-region-drag', { fileId: 7, start: 0.5, end: 1.25 }]]);
  });

  it('forwards contract methods, refuses others, and turns error envelopes into errors with a code', async () => {
    await import('../../src-main/shell/preload');
    const preloadApi = exposed.hark as { invoke: (method: string, request: unknown) => Promise<unknown> };
    for (const method of API_METHODS.slice(0, 3)) expect(await preloadApi.invoke(method, {})).toBe('fine');
    await expect(preloadApi.invoke('shell.openExternal', {})).rejects.toThrow(/Unknown API method/);
    await expect(preloadApi.invoke('getFile', { fileId: 9 })).rejects.toMatchObject({
      code: 'not-found',
      message: 'No file with id 9.',
    });
    // Each contract call went out on its own hark: channel; the refused one never reached IPC.
    expect(invoked.map(([channel]) => channel)).toEqual([
      ...API_METHODS.slice(0, 3).map((method) => `hark:${method}`),
      'hark:getFile',
    ]);
  });
});
