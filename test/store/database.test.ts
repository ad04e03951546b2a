import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src-main/store/migrations';
import { openDatabase, openReadOnlyDatabase, schemaVersion } from '../../src-main/store/database';
import { useTempDirs } from '../helpers/temp';

describe('openDatabase', () => {
  const tempDir = useTempDirs();

  it('creates a WAL database with foreign keys and the latest schema', () => {
    const db = openDatabase(join(tempDir(), 'nested', 'library.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('opens an existing database without re-running migrations', () => {
    const path = join(tempDir(), 'library.db');
    const first = openDatabase(path);
    first.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/sounds', 1);
    first.close();
    const second = openDatabase(path);
    expect(second.prepare('SELECT path FROM roots').pluck().all()).toEqual(['/sounds']);
    second.close();
  });

  it('refuses a database written by a newer Hark', () => {
    const path = join(tempDir(), 'library.db');
    const db = openDatabase(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer Hark/);
  });

  it('cascades: deleting a root deletes its files and their metadata', () => {
    const db = openDatabase(':memory:');
    db.prepare('INSERT INTO roots (id, path, added_at) VALUES (1, ?, 0)').run('/r');
    db.prepare(
      "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (7, 1, '/r/a.wav', 'a.wav', '/r', 'wav', 1, 1)",
    ).run();
    db.prepare("INSERT INTO metadata (file_id, key, value) VALUES (7, 'title', 'x')").run();
    db.prepare('DELETE FROM roots WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) FROM files').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM metadata').pluck().get()).toBe(0);
  });
});

describe('openReadOnlyDatabase', () => {
  const tempDir = useTempDirs();

  it('reads what the main connection committed, with the same busy timeout and memory map, and cannot write', () => {
    const path = join(tempDir(), 'library.db');
    const main = openDatabase(path);
    main.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/sounds', 1);
    const reader = openReadOnlyDatabase(path);
    expect(reader.prepare('SELECT path FROM roots').pluck().all()).toEqual(['/sounds']);
    main.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/more', 2);
    expect(reader.prepare('SELECT path FROM roots ORDER BY path').pluck().all()).toEqual(['/more', '/sounds']);
    for (const db of [main, reader]) {
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('mmap_size', { simple: true })).toBe(1073741824);
    }
    expect(reader.readonly).toBe(true);
    expect(() => reader.prepare('DELETE FROM roots').run()).toThrow(/readonly/);
    reader.close();
    main.close();
  });

  it('refuses a library that does not exist instead of creating one', () => {
    const path = join(tempDir(), 'missing.db');
    expect(() => openReadOnlyDatabase(path)).toThrow(/unable to open database file/);
    expect(existsSync(path)).toBe(false);
  });
});
