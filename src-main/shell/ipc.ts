import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, type ApiErrorBody } from '../api/contract';
import { validateRequest } from '../app/validate';
import { HarkError } from '../base/errors';
import type { ServedCore } from '../serve/http-server';
import {
  EVENT_CHANNEL,
  INVOKE_PREFIX,
  PICK_FOLDER,
  REVEAL,
  START_DRAG,
  START_REGION_DRAG,
  type Envelope,
} from './ipc-channels';

export interface ShellActions {
  pickFolder(window: BrowserWindow): Promise<string | null>;
  reveal(path: string): void;
  dragIcon(): string | Electron.NativeImage;
  /** A new empty folder to write a dragged-out region into (Electron drags only files that exist on disk). */
  regionFolder(): Promise<string>;
}

/**
 * Wires every API method to an IPC handler that checks who is asking, validates the request and calls the core.
 * Returns a function that removes the handlers.
 */
export function registerIpc(
  ipcMain: IpcMain,
  core: ServedCore,
  window: () => BrowserWindow | null,
  actions: ShellActions,
): () => void {
  const fromOurWindow = (event: IpcMainInvokeEvent | IpcMainEvent) => {
    const win = window();
    return win !== null && event.sender === win.webContents;
  };

  for (const method of API_METHODS) {
    ipcMain.handle(INVOKE_PREFIX + method, async (event, request: unknown): Promise<Envelope<unknown>> => {
      try {
        if (!fromOurWindow(event)) throw new HarkError('forbidden', 'Unknown sender.');
        const args = validateRequest(method, request);
        const result = await (core[method] as (arg: unknown) => Promise<unknown>).call(core, args);
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: toErrorBody(error) };
      }
    });
  }

  ipcMain.handle(PICK_FOLDER, async (event) => {
    const win = window();
    if (!win || !fromOurWindow(event)) return null;
    return actions.pickFolder(win);
  });

  ipcMain.handle(REVEAL, async (event, fileId: unknown) => {
    if (!fromOurWindow(event) || !Number.isInteger(fileId)) return;
    const media = await core.media(fileId as number);
    actions.reveal(media.path);
  });

  const onDrag = async (event: IpcMainEvent, fileId: unknown) => {
    if (!fromOurWindow(event) || !Number.isInteger(fileId)) return;
    try {
      const media = await core.media(fileId as number);
      event.sender.startDrag({ file: media.path, icon: actions.dragIcon() });
    } catch {
      // A file that left the library cannot be dragged out; nothing to tell mid-drag.
    }
  };
  ipcMain.on(START_DRAG, onDrag);

  const onRegionDrag = async (event: IpcMainEvent, request: unknown) => {
    const { fileId, start, end } = (request ?? {}) as Record<string, unknown>;
    if (!fromOurWindow(event) || !Number.isInteger(fileId) || typeof start !== 'number' || typeof end !== 'number')
      return;
    try {
      const region = await core.regionAudio(fileId as number, start, end);
      const file = join(await actions.regionFolder(), region.fileName);
      await writeFile(file, region.bytes);
      event.sender.startDrag({ file, icon: actions.dragIcon() });
    } catch {
      // A bad stretch or a file gone: the drag just does not start (the Export button reports the reason).
    }
  };
  ipcMain.on(START_REGION_DRAG, onRegionDrag);

  const unsubscribe = core.onEvent((event) => window()?.webContents.send(EVENT_CHANNEL, event));

  return () => {
    unsubscribe();
    for (const method of API_METHODS) ipcMain.removeHandler(INVOKE_PREFIX + method);
    ipcMain.removeHandler(PICK_FOLDER);
    ipcMain.removeHandler(REVEAL);
    ipcMain.removeListener(START_DRAG, onDrag);
    ipcMain.removeListener(START_REGION_DRAG, onRegionDrag);
  };
}

function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof HarkError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
