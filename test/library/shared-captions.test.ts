import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileDetails } from '../../src-main/api/contract';
import { queueSharedCaptionEdits, sendQueuedEdits } from '../../src-main/library/shared-edits';
import { queuedEdits } from '../../src-main/store/shared/outbox';
import { runHark } from '../helpers/cli';
import { useRelays } from '../helpers/cuttable-proxy';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, onServer, withQueueSeat, type Seat } from '../helpers/seats';
import { callApi as call, postApi } from '../helpers/serve-api';
import { useServeProcesses } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// A person's caption and UCS category, set on one seat (`setMeta`), kept in the other seats' libraries through the
// shared catalogue's change sequence; Hark's own captions stay each seat's.

interface LocalCaption {
  id: number;
  description: string | null;
  keywords: string | null;
  source: string | null;
  catId: string | null;
  catSource: string | null;
  /** The library's record of the file's category (the ucs.catId key). */
  ucs: string | null;
  waiting: number;
}

function local(seat: Seat, name: string): LocalCaption {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT f.id, c.description, c.keywords, c.source, c.cat_id AS catId, c.cat_source AS catSource,
           (SELECT value FROM metadata m WHERE m.file_id = f.id AND m.key = 'ucs.catId') AS ucs,
           (SELECT count(*) FROM shared_outbox) AS waiting
         FROM files f LEFT JOIN captions c ON c.file_id = f.id WHERE f.name = ?`,
      )
      .get(name) as LocalCaption;
  } finally {
    db.close();
  }
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe("a person's captions and categories shared between seats", () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const serveSeat = useServeProcesses();
  const relay = useRelays();

  /** A fresh catalogue of door.wav and rain.wav, for seats to join. */
  async function catalogue() {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    tone(folder, 'door.wav');
    tone(folder, 'rain.wav', { freq: 880 });
    const models = join(dir, 'models');
    mkdirSync(models);
    return { dir, folder, models, url: await server.freshDatabase() };
  }

  /** A seat of the catalogue logged in at `url`, its files catalogued and registered (no model: quick). */
  async function addSeat(place: Awaited<ReturnType<typeof catalogue>>, name: string, url = place.url): Promise<Seat> {
    const [seat] = (await connectSeats(place.dir, place.folder, url, [name])) as [Seat];
    const analysed = await runHark(['--db', seat.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: place.models });
    expect(analysed.code).toBe(0);
    return seat;
  }

  it('shows a caption and a category set on one seat on the other within a second, with their undo, and merges two seats’ edits of one caption by the later', async () => {
    const place = await catalogue();
    const { url } = place;
    const [a, b] = [await addSeat(place, 'desk-a'), await addSeat(place, 'desk-b')];
    const [serveA, serveB] = await Promise.all([serveSeat(a.db), serveSeat(b.db)]);
    expect(serveB.log()).toContain('Following the shared catalogue.');
    const door = { a: local(a, 'door.wav').id, b: local(b, 'door.wav').id };
    const copyOfB = join(b.folder, 'door.wav');
    const untouched = sha(copyOfB);

    const sent = performance.now();
    const captioned = (await call(serveA, 'setMeta', {
      fileId: door.a,
      description: 'Oak door slams shut',
      keywords: 'door, slam',
    })) as { batch: number };
    await waitFor(() => local(b, 'door.wav').description === 'Oak door slams shut', 5_000);
    const reachedMs = performance.now() - sent;
    console.log(`a caption edit on one seat reached the other seat's library in ${reachedMs.toFixed(0)} ms`);
    expect(reachedMs).toBeLessThan(1000);
    expect(local(b, 'door.wav')).toMatchObject({ keywords: 'door, slam', source: 'person', catSource: null });

    const categorised = (await call(serveA, 'setMeta', { fileId: door.a, catId: 'doorwood' })) as { batch: number };
    await waitFor(() => local(b, 'door.wav').catId === 'DOORWood', 5_000);
    const details = (await call(serveB, 'getFile', { fileId: door.b })) as FileDetails;
    expect(details.ucs).toMatchObject({ catId: 'DOORWood', category: 'DOORS', subCategory: 'WOOD' });
    expect(details.caption).toMatchObject({ description: 'Oak door slams shut', catId: 'DOORWood', source: 'person' });
    // Only the library follows: the editing seat wrote its own file (on one NAS, the same file).
    expect(sha(copyOfB)).toBe(untouched);
    expect(await onServer(url, 'SELECT cat_id, category, sub_category, seat, person FROM file_categories')).toEqual([
      { cat_id: 'DOORWood', category: 'DOORS', sub_category: 'WOOD', seat: 'desk-a', person: 'hark' },
    ]);

    // Undone on A, the category and then the caption go from B as well.
    await call(serveA, 'undoMetadataWrites', { batch: categorised.batch });
    await waitFor(() => local(b, 'door.wav').ucs === null, 5_000);
    expect(local(b, 'door.wav')).toMatchObject({ description: 'Oak door slams shut', catSource: null });
    await call(serveA, 'undoMetadataWrites', { batch: captioned.batch });
    await waitFor(() => local(b, 'door.wav').source === null, 5_000);
    expect(local(a, 'door.wav')).toMatchObject({ description: null, ucs: null, waiting: 0 });
    expect(await onServer(url, 'SELECT * FROM file_captions')).toEqual([]);

    // Both seats caption the file at once: the later change on the server is the caption on both.
    await Promise.all([
      call(serveA, 'setMeta', { fileId: door.a, description: 'Heavy door, from desk A' }),
      call(serveB, 'setMeta', { fileId: door.b, description: 'Slammed door, from desk B' }),
    ]);
    // Each seat sends its edit in the background, after answering: both are on the server once four are recorded.
    const captionChanges = () =>
      onServer<{ seat: string; person: string; description: string | null }>(
        url,
        "SELECT seat, person, description FROM changes WHERE kind = 'caption' ORDER BY seq",
      );
    await waitFor(async () => (await captionChanges()).length >= 4, 5_000);
    const record = await captionChanges();
    expect(record.slice(0, 2)).toEqual([
      { seat: 'desk-a', person: 'hark', description: 'Oak door slams shut' },
      { seat: 'desk-a', person: 'hark', description: null },
    ]);
    expect(record.slice(2)).toEqual(
      expect.arrayContaining([
        { seat: 'desk-a', person: 'hark', description: 'Heavy door, from desk A' },
        { seat: 'desk-b', person: 'hark', description: 'Slammed door, from desk B' },
      ]),
    );
    const later = record.at(-1)!;
    await waitFor(() => [a, b].every((seat) => local(seat, 'door.wav').description === later.description), 5_000);
    expect(await onServer(url, 'SELECT description, seat FROM file_captions')).toEqual([
      { description: later.description, seat: later.seat },
    ]);
    expect(local(a, 'rain.wav').source).toBeNull();
  }, 120_000);

  it('keeps a caption edited on a seat cut off from the server and sends it once when the server is back', async () => {
    const place = await catalogue();
    const { url } = place;
    // Seat A reaches the server through a relay the test can cut, as a laptop loses the studio network.
    const { proxy, url: relayed } = await relay(url);
    const [a, b] = [await addSeat(place, 'desk-a', relayed), await addSeat(place, 'desk-b')];
    const [serveA] = await Promise.all([serveSeat(a.db), serveSeat(b.db)]);
    expect(serveA.log()).toContain('Following the shared catalogue.');

    await proxy.cut();
    await call(serveA, 'setMeta', { fileId: local(a, 'rain.wav').id, description: 'Light rain on a tin roof' });
    await waitFor(() => serveA.log().includes('kept here until the shared catalogue is back'), 10_000);
    // The caption, and the rewrite of the file it was written into (its new version, for the server's row).
    expect(local(a, 'rain.wav')).toMatchObject({ description: 'Light rain on a tin roof', waiting: 2 });
    expect(local(b, 'rain.wav').description).toBeNull();

    await proxy.restore();
    await waitFor(() => local(b, 'rain.wav').description === 'Light rain on a tin roof', 20_000);
    expect(local(a, 'rain.wav').waiting).toBe(0);
    expect(await onServer(url, 'SELECT kind, seat, description FROM changes')).toEqual([
      { kind: 'caption', seat: 'desk-a', description: 'Light rain on a tin roof' },
    ]);
  }, 120_000);

  it("clears a person's caption on every seat when a caption pass told to overwrite replaces it, and sends no caption of Hark's", async () => {
    const place = await catalogue();
    const { url } = place;
    const [a, b] = [await addSeat(place, 'desk-a'), await addSeat(place, 'desk-b')];
    // Analysed with the installed model (A analyses, B copies), so that caption passes have files to caption.
    for (const seat of [a, b]) expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'])).code).toBe(0);
    const [serveA, serveB] = await Promise.all([serveSeat(a.db), serveSeat(b.db)]);
    for (const serve of [serveA, serveB]) await call(serve, 'caption', {});
    const hers = local(b, 'door.wav');
    expect(hers.source).toBe('auto');
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM changes')).toEqual([{ n: 0 }]);

    await call(serveA, 'setMeta', { fileId: local(a, 'door.wav').id, description: 'Oak door slams shut' });
    await waitFor(() => local(b, 'door.wav').description === 'Oak door slams shut', 5_000);
    // A pass that keeps people's captions changes nothing of the catalogue; one that overwrites clears the person's.
    for (const serve of [serveA, serveB]) await call(serve, 'caption', {});
    expect(local(b, 'door.wav')).toMatchObject({ description: 'Oak door slams shut', source: 'person' });
    await call(serveA, 'caption', { overwrite: true });
    await waitFor(() => local(b, 'door.wav').source === 'auto', 5_000);
    expect(local(b, 'door.wav').description).toBe(hers.description);
    expect(
      await onServer(url, 'SELECT kind, seat, description FROM changes JOIN files ON files.id = file_id ORDER BY seq'),
    ).toEqual([
      { kind: 'caption', seat: 'desk-a', description: 'Oak door slams shut' },
      { kind: 'caption', seat: 'desk-a', description: null },
    ]);
  }, 180_000);

  it("refuses a reader seat's caption and category edits of shared files before anything changes, and says why", async () => {
    const place = await catalogue();
    const { url } = place;
    const owner = await addSeat(place, 'desk-a');
    await onServer(url, 'CREATE ROLE caption_viewer LOGIN');
    expect((await runHark(['--db', owner.db, 'catalogue', 'grant', 'caption_viewer', '--reader'])).code).toBe(0);
    const reader = await addSeat(place, 'desk-b', Object.assign(new URL(url), { username: 'caption_viewer' }).href);
    const serve = await serveSeat(reader.db);
    expect(serve.log()).toContain('Following the shared catalogue.');
    const door = join(reader.folder, 'door.wav');
    const untouched = sha(door);
    for (const edit of [{ description: 'Oak door slams shut' }, { catId: 'DOORWood' }]) {
      const response = await postApi(serve, 'setMeta', { fileId: local(reader, 'door.wav').id, ...edit });
      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(
        /this seat reads the shared catalogue at .* but may not change it: captions and categories of its shared files/,
      );
    }
    expect(sha(door)).toBe(untouched);
    expect(local(reader, 'door.wav')).toMatchObject({ source: null, ucs: null, waiting: 0 });
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM changes')).toEqual([{ n: 0 }]);
  }, 120_000);
});

describe('the queue of caption and category edits', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();

  it('queues what an edit changed of a person caption and category, and the server keeps the later of each', async () => {
    await withQueueSeat(await server.freshDatabase(), join(tempDir(), 'seat.db'), async ({ shared, db, config }) => {
      const oak = '/Volumes/SFX/doors/oak.wav';
      const none = { caption: null, category: null };
      const creak = { description: 'Oak door creaks', keywords: ['door', 'creak'] };
      const wood = { catId: 'DOORWood', category: 'DOORS', subCategory: 'WOOD' };
      expect(queueSharedCaptionEdits(db, config, oak, none, none)).toBe(false);
      expect(queueSharedCaptionEdits(db, config, '/Users/me/kick.wav', none, { caption: creak, category: null })).toBe(
        false,
      );
      expect(queueSharedCaptionEdits(db, config, oak, none, { caption: creak, category: wood })).toBe(true);
      expect(
        queueSharedCaptionEdits(
          db,
          config,
          oak,
          { caption: creak, category: wood },
          { caption: creak, category: null },
        ),
      ).toBe(true);
      expect(queuedEdits(db).map((queued) => queued.edit)).toEqual([
        { kind: 'caption', caption: creak },
        { kind: 'category', category: wood },
        { kind: 'category', category: null },
      ]);
      expect(await sendQueuedEdits(db, shared, 'desk-a')).toEqual({ sent: 3 });
      const { rows: changes } = await shared.pool.query(
        'SELECT kind, description, keywords, cat_id, person, seat FROM changes ORDER BY seq',
      );
      expect(changes).toEqual([
        {
          kind: 'caption',
          description: creak.description,
          keywords: creak.keywords,
          cat_id: null,
          person: 'hark',
          seat: 'desk-a',
        },
        { kind: 'category', description: null, keywords: null, cat_id: 'DOORWood', person: 'hark', seat: 'desk-a' },
        { kind: 'category', description: null, keywords: null, cat_id: null, person: 'hark', seat: 'desk-a' },
      ]);
      const { rows: captions } = await shared.pool.query('SELECT description, keywords, seat FROM file_captions');
      expect(captions).toEqual([{ description: creak.description, keywords: creak.keywords, seat: 'desk-a' }]);
      expect((await shared.pool.query('SELECT * FROM file_categories')).rows).toEqual([]);
      expect(queuedEdits(db)).toEqual([]);
    });
  }, 60_000);
});
