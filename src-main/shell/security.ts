import type { WebContents, WebPreferences } from 'electron';

/** The renderer gets no Node, an isolated world and a sandboxed preload: it can only speak the typed API. */
export const WINDOW_PREFERENCES: WebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
};

/** No navigation away from the app and no new windows: links to the outside open nowhere. */
export function secureWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://')) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
