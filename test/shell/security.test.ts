import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { secureWebContents, WINDOW_PREFERENCES } from '../../src-main/shell/security';

describe('window security', () => {
  it('isolates the renderer and sandboxes the preload', () => {
    expect(WINDOW_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const handlers = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, handler: (event: { preventDefault: () => void }, url?: string) => void) =>
        handlers.set(name, handler),
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
    } as unknown as WebContents;
    secureWebContents(contents);
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    handlers.get('will-navigate')!(event, 'https://example.com/');
    handlers.get('will-navigate')!(event, 'file:///app/index.html');
    handlers.get('will-attach-webview')!(event);
    expect(prevented).toBe(2);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
