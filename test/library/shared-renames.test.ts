import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileDetails, RenameApplyResult } from '../../src-main/api/contract';
import { queueSharedMove, queueSharedTagEdit, sendQueuedEdits } from '../../src-main/library/shared-edits';
import { writeMetadata } from '../../src-main/metadata/write';
import { registerSharedFiles } from '../../src-main/store/shared/files';
import { recordChange } from '../../src-main/store/shared/changes';
import { queuedEdits } from '../../src-main/store/shared/outbox';
import { runHark } from '../helpers/cli';
import { installedDir } from '../helpers/models';
import { waitFor } from '../helpers/open-core';
import { usePostgres } from '../helpers/postgres';
import { connectSeats, onServer, withQueueSeat, type Seat } from '../helpers/seats';
import { callApi as call, postApi } from '../helpers/serve-api';
import { useServeProcesses } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// Hark's own renames (UCS names, and their undo) on a seat of a shared catalogue: the server's row moves with the
// file, keeping its analysis and tags, and the other seats' rows follow the move. Real serve processes, a real
// PostgreSQL server.

const RENAMED = 'DOORWood_door_NONE_NONE.wav';

function localFile(seat: Seat, name: string): { id: number; path: string; tags: string | null } | undefined {
  const db = new Database(seat.db, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT f.id, f.path, (SELECT group_concat(tag, ',') FROM (SELECT tag FROM user_tags t
           WHERE t.file_id = f.id ORDER BY tag)) AS tags
         FROM files f WHERE f.name = ?`,
      )
      .get(name) as { id: number; path: string; tags: string | null } | undefined;
  } finally {
    db.close();
  }
}

describe("Hark's renames on a seat of a shared catalogue", () => {
  const server = usePostgres();
  const tempDir = useTempDirs();
  const serveSeat = useServeProcesses();

  /**
   * door.wav, whose CatID is in the file (as a library's own metadata would have it, so a UCS rename has a name for
   * it), and rain.wav; a models folder holding only the UCS table; a fresh catalogue.
   */
  async function library() {
    const dir = tempDir();
    const folder = join(dir, 'library');
    mkdirSync(folder);
    await writeMetadata(tone(folder, 'door.wav'), { catId: 'DOORWood' });
    tone(folder, 'rain.wav', { freq: 880 });
    const models = join(dir, 'models');
    mkdirSync(join(models, 'ucs'), { recursive: true });
    copyFileSync(join(installedDir('ucs'), 'en.json'), join(models, 'ucs', 'en.json'));
    return { dir, folder, models, env: { HARK_MODELS_DIR: models }, url: await server.freshDatabase() };
  }

  const serverFiles = (url: string) =>
    onServer<{ rel_path: string; status: string; analysed: boolean; tags: string[] | null }>(
      url,
      `SELECT rel_path, status, EXISTS (SELECT 1 FROM analysis a WHERE a.file_id = f.id) AS analysed,
         (SELECT array_agg(tag ORDER BY tag) FROM file_tags t WHERE t.file_id = f.id) AS tags
       FROM files f ORDER BY rel_path`,
    );

  it('moves the file on the server and on the other seat, keeping its analysis and tags, and its undo too', async () => {
    const { dir, folder, env, url } = await library();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    for (const seat of [a, b])
      expect((await runHark(['--db', seat.db, 'catalogue', 'analyse', '--workers', '1'], env)).code).toBe(0);
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
    const [serveA, serveB] = await Promise.all([serveSeat(a.db, env), serveSeat(b.db, env)]);
    expect(serveB.log()).toContain('Following the shared catalogue.');

    const door = localFile(a, 'door.wav')!;
    await call(serveA, 'setUserTags', { fileId: door.id, tags: ['oak'] });
    await waitFor(() => localFile(b, 'door.wav')?.tags === 'oak', 5_000);

    const renamed = (await call(serveA, 'applyUcsRenames', {})) as RenameApplyResult;
    expect(renamed.renamed.map((rename) => rename.toPath)).toEqual([join(a.folder, RENAMED)]);
    // On one NAS every seat sees the rename: here each seat has its own copy of the folder.
    renameSync(join(b.folder, 'door.wav'), join(b.folder, RENAMED));
    await waitFor(() => localFile(b, RENAMED) !== undefined, 5_000);
    expect(localFile(b, RENAMED)).toMatchObject({ path: join(b.folder, RENAMED), tags: 'oak' });
    expect(localFile(b, 'door.wav')).toBeUndefined();
    expect(await serverFiles(url)).toEqual([
      { rel_path: RENAMED, status: 'analysed', analysed: true, tags: ['oak'] },
      { rel_path: 'rain.wav', status: 'analysed', analysed: true, tags: null },
    ]);
    expect(
      await onServer(url, "SELECT seat, from_path, to_path FROM changes WHERE kind = 'move' ORDER BY seq"),
    ).toEqual([{ seat: 'desk-a', from_path: 'door.wav', to_path: RENAMED }]);

    // A tag set on the renamed file reaches the other seat by its new name.
    await call(serveA, 'setUserTags', { fileId: door.id, tags: ['oak', 'slam'] });
    await waitFor(() => localFile(b, RENAMED)?.tags === 'oak,slam', 5_000);
    // The other seat's pass finds what it holds: nothing new, nothing analysed again.
    const indexed = await runHark(['--db', b.db, 'index', '--workers', '1'], env);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stdout).toContain('Analysis: 0 analysed, 0 failed');
    expect(localFile(b, RENAMED)).toMatchObject({ id: localFile(b, RENAMED)!.id, tags: 'oak,slam' });

    // The undo is a move back, for every seat.
    const undone = (await call(serveA, 'undoRenames', {})) as { undone: unknown[] };
    expect(undone.undone).toHaveLength(1);
    renameSync(join(b.folder, RENAMED), join(b.folder, 'door.wav'));
    await waitFor(() => localFile(b, 'door.wav') !== undefined, 5_000);
    const details = (await call(serveB, 'getFile', { fileId: localFile(b, 'door.wav')!.id })) as FileDetails;
    expect(details.userTags).toEqual(['oak', 'slam']);
    const again = await runHark(['--db', a.db, 'index', '--workers', '1'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(await serverFiles(url)).toEqual([
      { rel_path: 'door.wav', status: 'analysed', analysed: true, tags: ['oak', 'slam'] },
      { rel_path: 'rain.wav', status: 'analysed', analysed: true, tags: null },
    ]);
    expect(await onServer(url, 'SELECT count(*)::int AS n FROM analysis_log')).toEqual([{ n: 2 }]);
  }, 120_000);

  it('gives a seat that was away the edits made before a rename, however many changes lie between', async () => {
    const { dir, folder, env, url } = await library();
    const [a, b] = (await connectSeats(dir, folder, url, ['desk-a', 'desk-b'])) as [Seat, Seat];
    for (const seat of [a, b]) expect((await runHark(['--db', seat.db, 'catalogue', 'analyse'], env)).code).toBe(0);
    const serveA = await serveSeat(a.db, env);
    // B is not running: A tags the door, 6,000 other changes follow (more than one catch-up reads), then the rename.
    await call(serveA, 'setUserTags', { fileId: localFile(a, 'door.wav')!.id, tags: ['oak'] });
    await waitFor(async () => (await onServer(url, 'SELECT count(*)::int AS n FROM changes'))[0]!.n === 1, 5_000);
    await onServer(
      url,
      `INSERT INTO changes (file_id, kind, added, seat)
       SELECT f.id, 'tags', ARRAY['drizzle'], 'desk-c' FROM files f, generate_series(1, 6000) WHERE f.rel_path = 'rain.wav'`,
    );
    await call(serveA, 'applyUcsRenames', {});
    await waitFor(async () => (await onServer(url, "SELECT 1 FROM changes WHERE kind = 'move'")).length === 1, 5_000);
    renameSync(join(b.folder, 'door.wav'), join(b.folder, RENAMED));

    await serveSeat(b.db, env);
    await waitFor(() => localFile(b, 'rain.wav')?.tags === 'drizzle', 20_000);
    expect(localFile(b, RENAMED)).toMatchObject({ path: join(b.folder, RENAMED), tags: 'oak' });
    // A's own move, followed back, leaves A's row where A put it.
    expect(localFile(a, RENAMED)).toMatchObject({ path: join(a.folder, RENAMED), tags: 'oak' });
  }, 120_000);

  it("refuses a reader seat's renames of shared files, renaming nothing", async () => {
    const { dir, folder, models, url } = await library();
    const [owner] = (await connectSeats(dir, folder, url, ['desk-a'])) as [Seat];
    expect((await runHark(['--db', owner.db, 'catalogue', 'analyse'], { HARK_MODELS_DIR: models })).code).toBe(0);
    await onServer(url, 'CREATE ROLE rename_viewer LOGIN');
    expect((await runHark(['--db', owner.db, 'catalogue', 'grant', 'rename_viewer', '--reader'])).code).toBe(0);
    const readerUrl = Object.assign(new URL(url), { username: 'rename_viewer' }).href;
    const [reader] = (await connectSeats(dir, folder, readerUrl, ['desk-r'])) as [Seat];
    expect((await runHark(['--db', reader.db, 'index'], { HARK_MODELS_DIR: models })).code).toBe(0);
    const serve = await serveSeat(reader.db, { HARK_MODELS_DIR: models });
    const refused = await postApi(serve, 'applyUcsRenames', {});
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('names of its shared files are edited on an editor seat');
    expect(localFile(reader, 'door.wav')).toMatchObject({ path: join(reader.folder, 'door.wav') });
    expect(existsSync(join(reader.folder, 'door.wav'))).toBe(true);
    expect(await onServer(url, 'SELECT rel_path FROM files ORDER BY rel_path')).toEqual([
      { rel_path: 'door.wav' },
      { rel_path: 'rain.wav' },
    ]);
  }, 120_000);
});

describe('a queued rename on its way to the server', () => {
  const server = usePostgres();
  const tempDir = useTempDirs();

  it('replaces a row a pass registered at the new name first, and waits with a file no seat registered yet', async () => {
    await withQueueSeat(
      await server.freshDatabase(),
      join(tempDir(), 'seat.db'),
      async ({ shared, db, rootId, config }) => {
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/doors/oak.wav', [], ['oak'])).toBe(true);
        expect(queueSharedMove(db, config, '/Volumes/SFX/doors/oak.wav', '/Volumes/SFX/doors/DOORWood_oak.wav')).toBe(
          true,
        );
        // Outside the mapped folders: nothing for the server.
        expect(queueSharedMove(db, config, '/Users/me/kick.wav', '/Users/me/DRUMKick_kick.wav')).toBe(false);
        // A file the server does not know yet, tagged and then renamed.
        expect(queueSharedTagEdit(db, config, '/Volumes/SFX/new/glass.wav', [], ['glass'])).toBe(true);
        expect(queueSharedMove(db, config, '/Volumes/SFX/new/glass.wav', '/Volumes/SFX/new/GLASBrk_glass.wav')).toBe(
          true,
        );
        // A pass that ran while the move waited registered the new name as a file of its own.
        await registerSharedFiles(shared, rootId, [{ relPath: 'doors/DOORWood_oak.wav', size: 10, quickHash: 'h1' }]);
        // A file somebody tagged at the name a queued move would take keeps its place: the moving file goes instead.
        await registerSharedFiles(shared, rootId, [
          { relPath: 'doors/pine.wav', size: 20, quickHash: 'h4' },
          { relPath: 'doors/DOORWood_pine.wav', size: 20, quickHash: 'h4' },
        ]);
        const taken = { rootId, relPath: 'doors/DOORWood_pine.wav' };
        await recordChange(shared, 'desk-b', taken, { kind: 'tags', added: ['pine'], removed: [] });
        expect(queueSharedMove(db, config, '/Volumes/SFX/doors/pine.wav', '/Volumes/SFX/doors/DOORWood_pine.wav')).toBe(
          true,
        );
        const tally = { moved: 0, removed: 0 };
        expect(await sendQueuedEdits(db, shared, 'desk-a', tally)).toEqual({ sent: 4 });
        expect(tally).toEqual({ moved: 1, removed: 1 });
        const files = await shared.pool.query(
          `SELECT rel_path, (SELECT array_agg(tag) FROM file_tags t WHERE t.file_id = f.id) AS tags
         FROM files f ORDER BY rel_path`,
        );
        expect(files.rows).toEqual([
          { rel_path: 'doors/DOORWood_oak.wav', tags: ['oak'] },
          { rel_path: 'doors/DOORWood_pine.wav', tags: ['pine'] },
        ]);
        // glass.wav's tag waits for the file at its new name.
        expect(queuedEdits(db).map((queued) => [queued.relPath, queued.edit])).toEqual([
          ['new/GLASBrk_glass.wav', { kind: 'tags', added: ['glass'], removed: [] }],
        ]);
        await registerSharedFiles(shared, rootId, [{ relPath: 'new/GLASBrk_glass.wav', size: 5, quickHash: 'h2' }]);
        expect(await sendQueuedEdits(db, shared, 'desk-a')).toEqual({ sent: 1 });
        const glass = await shared.pool.query(
          `SELECT tag FROM file_tags t JOIN files f ON f.id = t.file_id WHERE f.rel_path = 'new/GLASBrk_glass.wav'`,
        );
        expect(glass.rows).toEqual([{ tag: 'glass' }]);
      },
    );
  });
});
