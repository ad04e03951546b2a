// Runs sandboxed, with context isolation: exposes exactly the typed API (plus five shell actions) and nothing of
// ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, type ApiMethod, type HarkEvent } from '../api/contract';
import {
  EVENT_CHANNEL,
  INVOKE_PREFIX,
  PICK_FOLDER,
  REVEAL,
  START_DRAG,
  START_REGION_DRAG,
  type Envelope,
} from './ipc-channels';

const preloadApi = {
  platform: 'electron' as const,
  async invoke(method: ApiMethod, request: unknown): Promise<unknown> {
    if (!(API_METHODS as readonly string[]).includes(method)) throw new Error(`Unknown API method ${String(method)}`);
    const reply = (await ipcRenderer.invoke(INVOKE_PREFIX + method, request)) as Envelope<unknown>;
    if (reply.ok) return reply.result;
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  },
  onEvent(listener: (event: HarkEvent) => void): () => void {
    const relay = (_: unknown, event: HarkEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  },
  pickFolder: (): Promise<string | null> => ipcRenderer.invoke(PICK_FOLDER),
  startDrag: (fileId: number): void => ipcRenderer.send(START_DRAG, fileId),
  startRegionDrag: (fileId: number, start: number, end: number): void =>
    ipcRenderer.send(START_REGION_DRAG, { fileId, start, end }),
  revealInFolder: (fileId: number): Promise<void> => ipcRenderer.invoke(REVEAL, fileId),
};

export type PreloadApi = typeof preloadApi;

contextBridge.exposeInMainWorld('hark', preloadApi);
