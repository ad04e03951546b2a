import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  queueSharedFavourite,
  queueSharedTagEdit,
  sendQueuedEdits,
  sharedLocation,
} from '../../src-main/library/shared-edits';
import type { SeatConfig } from '../../src-main/store/shared/seat-config';
import { recordChange, type FileEdit } from '../../src-main/store/shared/changes';
import { registerSharedFiles } from '../../src-main/store/shared/files';
import { queuedEdits } from '../../src-main/store/shared/outbox';
import { runHark } from '../helpers/cli';
import { useRelays } from '../helpers/cuttable-proxy';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, onServer, withQueueSeat, type Seat } from '../helpers/seats';
import { callApi as call } from '../helpers/serve-api';
import { useServeProcesses, type ServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Seats running `hark serve` on one shared catalogue: a tag edit on one reaches the others' libraries, and a
// favourite its person's other seats, through the change sequence and LISTEN/NOTIFY.

function waitingEdits(seat: Seat): number {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM shared_outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Each collection of a seat's library with the names of its files. */
function localCollections(seat: Seat): Record<string, string[]> {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.name AS collection, f.name AS file FROM collections c
         LEFT JOIN collection_files cf ON cf.collection_id = c.id LEFT JOIN files f ON f.id = cf.file_id
         ORDER BY c.name, f.name`,
      )
      .all() as { collection: string; file: string | null }[];
    const out: Record<string, string[]> = {};
    for (const row of rows) (out[row.collection] ??= []).push(...(row.file ? [row.file] : []));
    return out;
  } finally {
    db.close();
  }
}

function localFavourite(seat: Seat, name: string): boolean {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    return (
      (db.prepare('SELECT favourite FROM files WHERE name = ?').get(name) as { favourite: number }).favourite === 1
    );
  } finally {
    db.close();
  }
}

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

describe('edits shared between seats', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const serveSeat = useServeProcesses();
  const relay = useRelays();

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
    const [serveA, serveB] = await Promise.all([serveSeat(a.db), serveSeat(b.db)]);
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
    await call(serveA, 'setUserTags', { fileId: localTags(a, 'rain.wav').id, tags: ['drizzle'] });
    await serveSeat(b.db);
    await waitFor(() => localTags(b, 'rain.wav').tags.join() === 'drizzle', 5_000);
  }, 120_000);

  it('keeps the edits of a seat cut off from the server, through a restart, and sends each once, in order, when it is back; both seats then agree', async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 880 });
    const url = await server.freshDatabase();
    // Seat A reaches the server through a relay the test can cut, as a laptop loses the studio network.
    const { proxy, url: relayed } = await relay(url);
    const [a] = (await connectSeats(dir, folder, relayed, ['desk-a'])) as [Seat];
    const [b] = (await connectSeats(dir, folder, url, ['desk-b'])) as [Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    for (const seat of [a, b]) {
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    }
    let serveA = await serveSeat(a.db);
    const serveB = await serveSeat(b.db);
    expect(serveA.log()).toContain('Following the shared catalogue.');
    const door = { a: localTags(a, 'door.wav').id, b: localTags(b, 'door.wav').id };
    await call(serveA, 'setUserTags', { fileId: door.a, tags: ['metal'] });
    await waitFor(() => localTags(b, 'door.wav').tags.join() === 'metal', 5_000);

    await proxy.cut();
    // Offline, A's edits stand locally and wait; B goes on editing on the server.
    await call(serveA, 'tagFiles', { fileIds: [door.a], add: ['gravel'], remove: ['metal'] });
    await call(serveA, 'tagFiles', { fileIds: [door.a], add: ['wet'] });
    await call(serveB, 'tagFiles', { fileIds: [door.b], add: ['slow'] });
    await call(serveB, 'tagFiles', { fileIds: [localTags(b, 'rain.wav').id], add: ['storm'] });
    await waitFor(() => waitingEdits(a) === 2, 10_000);
    expect(localTags(a, 'door.wav').tags).toEqual(['gravel', 'wet']);
    await waitFor(() => serveA.log().includes('kept here until the shared catalogue is back'), 10_000);

    // A restarts while still offline: it serves its copy, and the waiting edits survive the restart.
    await serveA.stop();
    serveA = await serveSeat(a.db);
    expect(serveA.log()).toContain('The shared catalogue is out of reach: serving this copy');
    expect(waitingEdits(a)).toBe(2);

    await proxy.restore();
    const agreed = ['gravel', 'slow', 'wet'];
    await waitFor(
      () =>
        [a, b].every((seat) => localTags(seat, 'door.wav').tags.join() === agreed.join()) &&
        localTags(a, 'rain.wav').tags.join() === 'storm',
      20_000,
    );
    expect(waitingEdits(a)).toBe(0);
    const changes = await onServer<{ seat: string; added: string[]; removed: string[] }>(
      url,
      'SELECT seat, added, removed FROM changes ORDER BY seq',
    );
    // A's offline edits reached the server once each, in the order they were made, after B's.
    expect(changes).toEqual([
      { seat: 'desk-a', added: ['metal'], removed: [] },
      { seat: 'desk-b', added: ['slow'], removed: [] },
      { seat: 'desk-b', added: ['storm'], removed: [] },
      { seat: 'desk-a', added: ['gravel'], removed: ['metal'] },
      { seat: 'desk-a', added: ['wet'], removed: [] },
    ]);
  }, 120_000);

  it("carries a person's favourites to their other seats, and keeps them from other people's", async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 880 });
    const url = await server.freshDatabase();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'laptop-a'])) as [Seat, Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    expect((await runHark(['--db', a.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    // Another person: a login of their own, let in as an editor by the catalogue's owner.
    await onServer(url, 'CREATE ROLE mia LOGIN');
    expect((await runHark(['--db', a.db, 'catalogue', 'grant', 'mia', '--editor'])).code).toBe(0);
    const asMia = Object.assign(new URL(url), { username: 'mia' }).href;
    const [c] = (await connectSeats(dir, folder, asMia, ['desk-mia'])) as [Seat];
    // Each seat's catalogue lists its files (no model: quick).
    for (const seat of [b, c])
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    const serves = await Promise.all([a, b, c].map((seat) => serveSeat(seat.db)));
    const [serveA, serveB, serveC] = serves as [ServeProcess, ServeProcess, ServeProcess];
    const id = (seat: Seat, name: string) => localTags(seat, name).id;

    await call(serveA, 'setFavourite', { fileId: id(a, 'door.wav'), favourite: true });
    await waitFor(() => localFavourite(b, 'door.wav'), 5_000);
    // A tag edit after it, as a marker: once Mia's seat has it, it has had every change before it.
    await call(serveA, 'tagFiles', { fileIds: [id(a, 'rain.wav')], add: ['marker-1'] });
    await waitFor(() => localTags(c, 'rain.wav').tags.includes('marker-1'), 5_000);
    expect(localFavourite(c, 'door.wav')).toBe(false);

    await call(serveC, 'setFavourites', { fileIds: [id(c, 'rain.wav')], favourite: true });
    await call(serveC, 'tagFiles', { fileIds: [id(c, 'door.wav')], add: ['marker-2'] });
    await waitFor(() => [a, b].every((seat) => localTags(seat, 'door.wav').tags.includes('marker-2')), 5_000);
    expect([a, b].map((seat) => localFavourite(seat, 'rain.wav'))).toEqual([false, false]);
    expect(localFavourite(c, 'rain.wav')).toBe(true);

    // Cleared on the laptop, cleared on the desk.
    await call(serveB, 'setFavourite', { fileId: id(b, 'door.wav'), favourite: false });
    await waitFor(() => !localFavourite(a, 'door.wav'), 5_000);
    expect(
      await onServer(url, 'SELECT f.rel_path, v.person FROM file_favourites v JOIN files f ON f.id = v.file_id'),
    ).toEqual([{ rel_path: 'rain.wav', person: 'mia' }]);
  }, 120_000);

  it("shares the team's collections by name: joined, left and deleted on one seat, the same on the other", async () => {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    for (const name of ['door.wav', 'rain.wav', 'wind.wav']) tone(folder, name);
    const url = await server.freshDatabase();
    const seats = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    const models = join(dir, 'models');
    mkdirSync(models);
    for (const seat of seats)
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    const [a, b] = seats;
    const [serveA, serveB] = (await Promise.all(seats.map((seat) => serveSeat(seat.db)))) as [
      ServeProcess,
      ServeProcess,
    ];
    const id = (seat: Seat, name: string) => localTags(seat, name).id;
    const answer = async (server: ServeProcess, method: string, body: unknown) =>
      (await call(server, method, body)) as { id: number };

    const project = await answer(serveA, 'createCollection', { name: 'Project X' });
    await call(serveA, 'addToCollection', { id: project.id, fileIds: [id(a, 'door.wav'), id(a, 'rain.wav')] });
    await waitFor(() => localCollections(b)['Project X']?.length === 2, 5_000);
    expect(localCollections(b)).toEqual({ 'Project X': ['door.wav', 'rain.wav'] });

    // On the other seat the same collection (by name) loses a file and gains one.
    const there = await answer(serveB, 'createCollection', { name: 'Project X' });
    await call(serveB, 'removeFromCollection', { id: there.id, fileIds: [id(b, 'rain.wav')] });
    await call(serveB, 'addToCollection', { id: there.id, fileIds: [id(b, 'wind.wav')] });
    await waitFor(() => localCollections(a)['Project X']?.join() === 'door.wav,wind.wav', 5_000);

    // Deleted on A: emptied on B (and gone from the server).
    await call(serveA, 'deleteCollection', { id: project.id });
    await waitFor(() => localCollections(b)['Project X']?.length === 0, 5_000);
    expect(localCollections(a)).toEqual({});
    expect(await onServer(url, 'SELECT * FROM collection_files')).toEqual([]);
  }, 120_000);
});

describe('the queue of edits a seat has not sent yet', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();

  it('sends each edit once however often it is sent, and holds an unknown file’s edits without holding the others', async () => {
    await withQueueSeat(
      await server.freshDatabase(),
      join(tempDir(), 'seat.db'),
      async ({ shared, db, rootId, config }) => {
        // Nothing to send: no tag changed, or the file is outside the mapped folders.
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/doors/oak.wav', ['a'], ['A'])).toBe(false);
        expect(queueSharedTagEdit(db, config, '/Users/me/kick.wav', [], ['kick'])).toBe(false);
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/doors/oak.wav', [], ['oak'])).toBe(true);
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/new/glass.wav', [], ['glass'])).toBe(true);
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/doors/oak.wav', ['oak'], ['oak', 'creak'])).toBe(true);
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/new/glass.wav', ['glass'], [])).toBe(true);
        expect(queueSharedFavourite(db, config, '/Volumes/SFX/doors/oak.wav', true)).toBe(true);
        expect(queueSharedFavourite(db, config, '/Users/me/kick.wav', true)).toBe(false);
        const queued = queuedEdits(db);
        expect(queued.map((queued) => [queued.relPath, queued.edit])).toEqual([
          ['doors/oak.wav', { kind: 'tags', added: ['oak'], removed: [] }],
          ['new/glass.wav', { kind: 'tags', added: ['glass'], removed: [] }],
          ['doors/oak.wav', { kind: 'tags', added: ['creak'], removed: [] }],
          ['new/glass.wav', { kind: 'tags', added: [], removed: ['glass'] }],
          ['doors/oak.wav', { kind: 'favourite', favourite: true }],
        ]);

        // glass.wav is not on the server yet: its two edits wait, in order; oak's go.
        expect(await sendQueuedEdits(db, shared, 'desk-a')).toEqual({ sent: 3 });
        expect(queuedEdits(db).map((edit) => edit.relPath)).toEqual(['new/glass.wav', 'new/glass.wav']);
        await registerSharedFiles(shared, rootId, [{ relPath: 'new/glass.wav', size: 5, quickHash: 'h2' }]);
        // A send that reached the server but whose answer was lost: the same edit again is not recorded twice.
        const glassAdded = queuedEdits(db)[0]!;
        expect(await sendQueuedEdits(db, shared, 'desk-a')).toEqual({ sent: 2 });
        const { rows: before } = await shared.pool.query('SELECT count(*)::int AS n FROM changes');
        await recordChange(shared, 'desk-a', glassAdded, glassAdded.edit as FileEdit, glassAdded.editId);
        const { rows: changes } = await shared.pool.query(
          `SELECT f.rel_path, c.kind, c.added, c.removed, c.favourite, c.person
         FROM changes c JOIN files f ON f.id = c.file_id ORDER BY c.seq`,
        );
        expect(before[0].n).toBe(5);
        const tagChange = (rel_path: string, added: string[], removed: string[]) => ({
          rel_path,
          kind: 'tags',
          added,
          removed,
          favourite: null,
          person: null,
        });
        expect(changes).toEqual([
          tagChange('doors/oak.wav', ['oak'], []),
          tagChange('doors/oak.wav', ['creak'], []),
          // The favourite is the login's (the test cluster's superuser), not the seat's.
          { rel_path: 'doors/oak.wav', kind: 'favourite', added: [], removed: [], favourite: true, person: 'hark' },
          tagChange('new/glass.wav', ['glass'], []),
          tagChange('new/glass.wav', [], ['glass']),
        ]);
        const { rows: tags } = await shared.pool.query('SELECT tag FROM file_tags ORDER BY tag');
        expect(tags).toEqual([{ tag: 'creak' }, { tag: 'oak' }]);
        const { rows: favourites } = await shared.pool.query('SELECT person FROM file_favourites');
        expect(favourites).toEqual([{ person: 'hark' }]);
        expect(queuedEdits(db)).toEqual([]);
      },
    );
  }, 60_000);
});

describe("a file's place in the shared catalogue", () => {
  const config: SeatConfig = {
    url: 'unused',
    seat: 'desk-a',
    roots: [{ localPath: '/Volumes/SFX', sharedRootId: 7, name: 'SFX' }],
  };

  it('is below a mapped root only, names starting with two dots included', () => {
    expect(sharedLocation(config, '/Volumes/SFX/doors/oak.wav')).toEqual({ rootId: 7, relPath: 'doors/oak.wav' });
    expect(sharedLocation(config, '/Volumes/SFX/..hidden.wav')).toEqual({ rootId: 7, relPath: '..hidden.wav' });
    for (const outside of ['/Volumes/SFX', '/Volumes/SFXtra/a.wav', '/Volumes/a.wav', '/Users/me/kick.wav'])
      expect(sharedLocation(config, outside)).toBeNull();
  });
});
