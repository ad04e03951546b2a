import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/open-core';
import { useServedLibrary } from '../helpers/serve';
import { useTempDirs } from '../helpers/temp';

describe('the event stream with many clients', () => {
  const tempDir = useTempDirs();
  const serve = useServedLibrary();
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('serves 12 tabs from one subscription to the core: every tab gets each event, and nothing warns', async () => {
    const dir = tempDir();
    const served = await serve(dir);
    const events = served.core.events;
    const tabs = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const abort = new AbortController();
        const response = await fetch(`${served.origin}/api/events`, {
          headers: { Cookie: served.cookie },
          signal: abort.signal,
        });
        expect(response.headers.get('content-type')).toBe('text/event-stream');
        return { abort, reader: response.body!.pipeThrough(new TextDecoderStream()).getReader() };
      }),
    );
    expect(events.listenerCount('event')).toBe(1);

    const library = join(dir, 'library');
    mkdirSync(library);
    expect((await served.call('addRoot', { path: library })).status).toBe(200);
    const received = await Promise.all(
      tabs.map(async ({ reader }) => {
        let text = '';
        while (!/data: .*\n\n/.test(text)) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
        }
        return /data: .*/.exec(text)![0];
      }),
    );
    expect(received).toEqual(Array(12).fill('data: {"type":"library-changed"}'));

    for (const { abort } of tabs) abort.abort();
    await waitFor(() => events.listenerCount('event') === 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => warning.name)).toEqual([]);
  });
});
