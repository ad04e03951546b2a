import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, onServer, type Seat } from '../helpers/seats';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Two seats running `hark serve` on one shared catalogue: a tag edit on one reaches the other's library through the
// change sequence and LISTEN/NOTIFY.

function localTags(seat: Seat, name: string): { id: number; tags: string[] } {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    const id = (db.prepare('SELECT id FROM files WHERE name = ?').get(name) as { id: number }).id;
    const tags = db.prepare('SELECT tag FROM user_tags WHERE file_id = ? ORDER BY tag').pluck().all(id) as string[];
    return { id, tags };
  } finally {
    db.close();
  }
}

/** Calls one API method of a running `hark serve`, as its own page would. */
async function call(server: ServeProcess, method: string, body: unknown): Promise<void> {
  const url = new URL(server.url);
  const response = await fetch(`${url.origin}/api/${method}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${url.searchParams.get('token')}`,
      Origin: url.origin,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe('tags shared between seats', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const running: ServeProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((process) => process.stop()));
  });

  it('shows a tag set on one seat on the other within a second, merges edits by rule with who made them, and catches up a seat that was away', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 880 });
    const url = await server.freshDatabase();
    const seats = await connectSeats(dir, folder, url, ['desk-a', 'desk-b']);
    const models = join(dir, 'models');
    mkdirSync(models);
    // Each seat's catalogue registers its files on the server (no model: quick).
    for (const seat of seats) {
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    }
    const [a, b] = seats as [Seat, Seat];
    const [serveA, serveB] = await Promise.all([startServeProcess(a.db), startServeProcess(b.db)]);
    running.push(serveA, serveB);
    expect(serveB.log()).toContain('Following the shared catalogue.');

    const door = { a: localTags(a, 'door.wav').id, b: localTags(b, 'door.wav').id };
    const sent = performance.now();
    await call(serveA, 'setUserTags', { fileId: door.a, tags: ['metal', 'slam'] });
    await waitFor(() => localTags(b, 'door.wav').tags.length === 2, 5_000);
    const reachedMs = performance.now() - sent;
    console.log(`a tag edit on one seat reached the other seat's library in ${reachedMs.toFixed(0)} ms`);
    expect(localTags(b, 'door.wav').tags).toEqual(['metal', 'slam']);
    expect(reachedMs).toBeLessThan(1000);

    // Two people tag the same file at once: each keeps the tag they added.
    await Promise.all([
      call(serveA, 'tagFiles', { fileIds: [door.a], add: ['loud'] }),
      call(serveB, 'tagFiles', { fileIds: [door.b], add: ['close-mic'] }),
    ]);
    const merged = ['close-mic', 'loud', 'metal', 'slam'];
    await waitFor(() => [a, b].every((seat) => localTags(seat, 'door.wav').tags.join() === merged.join()), 5_000);

    // They disagree about one tag: the later edit wins on both seats.
    await call(serveA, 'tagFiles', { fileIds: [door.a], remove: ['metal'] });
    await waitFor(() => !localTags(b, 'door.wav').tags.includes('metal'), 5_000);
    await call(serveB, 'tagFiles', { fileIds: [door.b], add: ['metal'] });
    await waitFor(() => [a, b].every((seat) => localTags(seat, 'door.wav').tags.join() === merged.join()), 5_000);
    expect(localTags(a, 'rain.wav').tags).toEqual([]);

    // The record of who changed what.
    const changes = await onServer<{ seat: string; added: string[]; removed: string[] }>(
      url,
      'SELECT seat, added, removed FROM changes ORDER BY seq',
    );
    expect(changes.slice(0, 1)).toEqual([{ seat: 'desk-a', added: ['metal', 'slam'], removed: [] }]);
    expect(changes.slice(1, 3)).toEqual(
      expect.arrayContaining([
        { seat: 'desk-a', added: ['loud'], removed: [] },
        { seat: 'desk-b', added: ['close-mic'], removed: [] },
      ]),
    );
    expect(changes.slice(3)).toEqual([
      { seat: 'desk-a', added: [], removed: ['metal'] },
      { seat: 'desk-b', added: ['metal'], removed: [] },
    ]);
    const onTheServer = await onServer<{ tag: string; seat: string }>(
      url,
      'SELECT tag, seat FROM file_tags ORDER BY tag',
    );
    expect(onTheServer).toEqual([
      { tag: 'close-mic', seat: 'desk-b' },
      { tag: 'loud', seat: 'desk-a' },
      { tag: 'metal', seat: 'desk-b' },
      { tag: 'slam', seat: 'desk-a' },
    ]);

    // A seat that was not running catches up on the edits it missed when it starts again.
    await serveB.stop();
    running.splice(running.indexOf(serveB), 1);
    await call(serveA, 'setUserTags', { fileId: localTags(a, 'rain.wav').id, tags: ['drizzle'] });
    const again = await startServeProcess(b.db);
    running.push(again);
    await waitFor(() => localTags(b, 'rain.wav').tags.join() === 'drizzle', 5_000);
  }, 120_000);
});
