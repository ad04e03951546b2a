import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src-main/store/database';
import { loadExtensionOutputs } from '../../src-main/store/extension-outputs';
import { termFrequencies, useLexicon } from '../../src-main/store/keyword-index';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { queuedEdits, queueEdit } from '../../src-main/store/shared/outbox';
import { createLexicon } from '../../src-main/words/lexicon';
import { useTempDirs } from '../helpers/temp';

const HEADS = 'hark-heads@0123456789ab';
const HEADS_KEY = `efficientat-mn04-as@1+${HEADS}`;
const PLAIN_KEY = 'efficientat-mn04-as@1';

/** A library as a Hark of schema 3 left it: one file with the heads' codes (random bytes), one without. */
function schema3Library(path: string, codes: { ea: Buffer; za: Buffer; probs: Buffer }): void {
  const db = new Database(path);
  for (const migration of MIGRATIONS.slice(0, 3)) db.exec(migration);
  db.pragma('user_version = 3');
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
  const file = db.prepare(
    "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms, status, analysis_key, analysed_at) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1, 'analysed', ?, 5)",
  );
  file.run(1, '/r/heads.wav', 'heads.wav', HEADS_KEY);
  file.run(2, '/r/plain.wav', 'plain.wav', PLAIN_KEY);
  db.prepare('INSERT INTO heads_codes (file_id, model_id, ea, za, probs) VALUES (1, ?, ?, ?, ?)').run(
    HEADS,
    codes.ea,
    codes.za,
    codes.probs,
  );
  db.close();
}

describe('migration 4: the heads codes become an analysis extension’s outputs', () => {
  const tempDir = useTempDirs();

  it('upgrades a schema-3 library: every code kept byte for byte, under the same key, nothing to analyse again', () => {
    const path = join(tempDir(), 'library.db');
    // Random bytes: NULs and invalid UTF-8 among them, which the SQL join of the two blobs must carry as they are.
    const codes = { ea: randomBytes(512 * 4), za: randomBytes(6 * 256 * 4), probs: randomBytes(527 * 4) };
    expect(codes.za.includes(0)).toBe(true);
    schema3Library(path, codes);
    const db = openDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toContain('extension_outputs');
      expect(tables).not.toContain('heads_codes');
      expect(db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all('extension_outputs')).toEqual(
        ['file_id', 'extension_key', 'vector', 'data'],
      );
      const stored = loadExtensionOutputs(db, HEADS, [1, 2]);
      expect(stored.fileIds).toEqual([1]);
      expect(Buffer.from(stored.vectors.buffer).equals(codes.ea)).toBe(true);
      expect(Buffer.from(stored.data[0]!).equals(Buffer.concat([codes.za, codes.probs]))).toBe(true);
      expect(db.prepare('SELECT id, analysis_key FROM files ORDER BY id').all()).toEqual([
        { id: 1, analysis_key: HEADS_KEY },
        { id: 2, analysis_key: PLAIN_KEY },
      ]);
    } finally {
      db.close();
    }
  });

  it('keeps outputs with their file: deleting the file deletes its output', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
    db.prepare(
      "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (7, 1, '/r/a.wav', 'a.wav', '/r', 'wav', 1, 1)",
    ).run();
    db.prepare(
      "INSERT INTO extension_outputs (file_id, extension_key, vector, data) VALUES (7, 'x@1', x'00', x'01')",
    ).run();
    db.prepare('DELETE FROM files WHERE id = 7').run();
    expect(db.prepare('SELECT COUNT(*) FROM extension_outputs').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 5: the keyword index gains derived forms', () => {
  const tempDir = useTempDirs();

  it('upgrades a schema-4 library: its old keyword rows are rebuilt once, with stems and compound parts', () => {
    const path = join(tempDir(), 'library.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration);
    old.pragma('user_version = 4');
    old.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
    old
      .prepare(
        "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (1, 1, '/r/Bodyfall_02.wav', 'Bodyfall_02.wav', '/r', 'wav', 1, 1)",
      )
      .run();
    old.prepare("INSERT INTO files_fts (rowid, name, folder, meta, tags) VALUES (1, 'Bodyfall 02', 'r', '', '')").run();
    old.close();

    const db = openDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(useLexicon(db, createLexicon(null))).toBe(1);
      const derived = db.prepare('SELECT derived FROM files_fts WHERE rowid = 1').pluck().get() as string;
      expect(derived.split(' ')).toEqual(expect.arrayContaining(['bodi', 'fall']));
      expect(useLexicon(db, createLexicon(null))).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('migration 6: analysed files’ versions in an index of their own', () => {
  it('answers the caches’ checks from the index alone, never the files table', () => {
    const db = openDatabase(':memory:');
    try {
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(
        plan(
          "SELECT COUNT(*), COALESCE(MAX(analysed_at), 0), COALESCE(SUM(id), 0) FROM files WHERE status = 'analysed'",
        ),
      ).toBe('SEARCH files USING COVERING INDEX files_analysed_versions (status=?)');
      expect(plan("SELECT id, COALESCE(analysed_at, 0) FROM files WHERE status = 'analysed' ORDER BY id")).toBe(
        'SEARCH files USING COVERING INDEX files_analysed_versions (status=?)',
      );
    } finally {
      db.close();
    }
  });
});

describe('migration 13: the shared outbox takes captions and categories', () => {
  const tempDir = useTempDirs();

  it('keeps the edits a schema-12 library had waiting, in their order, and takes the new kinds', () => {
    const path = join(tempDir(), 'library.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 12)) old.exec(migration);
    old.pragma('user_version = 12');
    const queue = old.prepare(
      `INSERT INTO shared_outbox (edit_id, root_id, rel_path, kind, added, removed, favourite, made_at)
       VALUES (?, 1, 'doors/oak.wav', ?, ?, '[]', ?, 5)`,
    );
    queue.run('e1', 'tags', '["oak"]', null);
    queue.run('e2', 'favourite', '[]', 1);
    old.close();
    const db = openDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      queueEdit(db, { editId: 'e3', rootId: 1, relPath: 'doors/oak.wav', edit: { kind: 'caption', caption: null } });
      expect(queuedEdits(db).map((queued) => [queued.editId, queued.edit])).toEqual([
        ['e1', { kind: 'tags', added: ['oak'], removed: [] }],
        ['e2', { kind: 'favourite', favourite: true }],
        ['e3', { kind: 'caption', caption: null }],
      ]);
    } finally {
      db.close();
    }
  });
});

describe('migration 14: the file count the keyword search reads', () => {
  const tempDir = useTempDirs();

  it('starts from the files a library holds and follows every file added and removed', () => {
    const path = join(tempDir(), 'library.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 13)) old.exec(migration);
    old.pragma('user_version = 13');
    old.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
    const add = old.prepare(
      "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)",
    );
    for (let id = 1; id <= 3; id++) add.run(id, `/r/${id}.wav`, `${id}.wav`);
    old.close();
    const db = openDatabase(path);
    try {
      const counted = () => termFrequencies(db, []).files;
      expect(counted()).toBe(3);
      const insert = db.prepare(
        "INSERT OR IGNORE INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1)",
      );
      insert.run(4, '/r/4.wav', '4.wav');
      insert.run(4, '/r/4.wav', '4.wav'); // ignored: no second count
      db.prepare('DELETE FROM files WHERE id IN (1, 2)').run();
      db.prepare('UPDATE files SET name = ? WHERE id = 3').run('renamed.wav');
      expect(counted()).toBe(2);
      expect(counted()).toBe(db.prepare('SELECT count(*) FROM files').pluck().get());
    } finally {
      db.close();
    }
  });
});

describe('migration 15: the shared outbox takes Hark’s renames', () => {
  const tempDir = useTempDirs();

  it('keeps the edits a schema-14 library had waiting, in their order, and takes moves after them', () => {
    const path = join(tempDir(), 'library.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 14)) old.exec(migration);
    old.pragma('user_version = 14');
    const queue = old.prepare(
      `INSERT INTO shared_outbox (edit_id, root_id, rel_path, kind, added, removed, favourite, payload, made_at)
       VALUES (?, 1, 'doors/oak.wav', ?, ?, '[]', NULL, ?, 5)`,
    );
    queue.run('e1', 'tags', '["oak"]', null);
    queue.run('e2', 'caption', '[]', '{"description":"Oak door","keywords":["door"]}');
    expect(() => queue.run('e0', 'move', '[]', '"doors/x.wav"')).toThrow(/CHECK/);
    old.close();
    const db = openDatabase(path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const at = { rootId: 1, relPath: 'doors/oak.wav' };
      queueEdit(db, { editId: 'e3', ...at, edit: { kind: 'move', to: 'doors/DOORWood_oak.wav' } });
      const versions = { from: { size: 10, quickHash: 'h1' }, to: { size: 12, quickHash: null } };
      queueEdit(db, { editId: 'e4', ...at, edit: { kind: 'rewrite', ...versions } });
      queueEdit(db, { editId: 'e5', ...at, edit: { kind: 'remove' } });
      expect(queuedEdits(db).map((queued) => [queued.editId, queued.edit])).toEqual([
        ['e1', { kind: 'tags', added: ['oak'], removed: [] }],
        ['e2', { kind: 'caption', caption: { description: 'Oak door', keywords: ['door'] } }],
        ['e3', { kind: 'move', to: 'doors/DOORWood_oak.wav' }],
        ['e4', { kind: 'rewrite', ...versions }],
        ['e5', { kind: 'remove' }],
      ]);
    } finally {
      db.close();
    }
  });
});
