// Channel names and the reply envelope shared by the preload and the main-process IPC handlers.
import type { ApiErrorBody } from '../api/contract';

export const INVOKE_PREFIX = 'hark:';
export const EVENT_CHANNEL = 'hark:event';
export const PICK_FOLDER = 'hark-shell:pick-folder';
export const START_DRAG = 'hark-shell:start-drag';
export const START_REGION_DRAG = 'hark-shell:start-region-drag';
export const REVEAL = 'hark-shell:reveal';

/** Thrown errors lose their fields crossing IPC, so replies carry them explicitly. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };
