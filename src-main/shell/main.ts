// The Electron shell: one window, the preload, IPC, the media protocol and drag-out. Everything else is the
// core, the same one the CLI and the HTTP mode run.
import { app, BrowserWindow, dialog, ipcMain, nativeImage, protocol, shell } from 'electron';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHark } from '../app/open-hark';
import type { Hark } from '../app/hark';
import { registerIpc } from './ipc';
import { handleMediaRequest, MEDIA_SCHEME } from './media-protocol';
import { secureWebContents, WINDOW_PREFERENCES } from './security';

const distDir = fileURLToPath(new URL('.', import.meta.url));

// Must run before the app is ready: lets <audio> stream and seek from the custom scheme.
protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
]);

let window: BrowserWindow | null = null;
let hark: Hark | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  hark = await openHark({ dbPath: join(app.getPath('userData'), 'library.db') });
  const core = hark;
  // A seat of a shared catalogue follows the other seats' edits while the app runs, as `hark serve` does; out of
  // reach, it keeps trying and the app searches its copy.
  void core.followCatalogue({}).catch((error: Error) => console.warn(`Hark: not following: ${error.message}`));
  protocol.handle(MEDIA_SCHEME, (request) => handleMediaRequest(core, request));
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents));

  registerIpc(ipcMain, core, () => window, {
    pickFolder: async (win) => {
      const picked = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    reveal: (path) => shell.showItemInFolder(path),
    dragIcon: () => nativeImage.createFromPath(join(distDir, 'drag-icon.png')),
    regionFolder: () => mkdtemp(join(app.getPath('temp'), 'hark-region-')),
  });

  window = new BrowserWindow({
    width: 1280,
    height: 820,
    backgroundColor: '#16181d',
    title: 'Hark',
    webPreferences: { ...WINDOW_PREFERENCES, preload: join(distDir, 'preload.cjs') },
  });
  window.on('closed', () => (window = null));
  await window.loadFile(join(distDir, 'renderer', 'index.html'));
}

app.on('window-all-closed', () => {
  hark?.close();
  app.quit();
});

start().catch((error) => {
  dialog.showErrorBox('Hark could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
