import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database';
import { fileTagsOfMany, setUserTags } from '../../src-main/store/tags';
import { useTempDirs } from '../helpers/temp';

describe('fileTagsOfMany: what each file is, for its result row', () => {
  const tempDir = useTempDirs();

  it("gives the person's tags first, then the tagger's strongest AudioSet labels, never a UCS code", () => {
    const db = openDatabase(join(tempDir(), 'library.db'));
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
    const file = (id: number, duration: number) =>
      db
        .prepare(
          "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms, duration) VALUES (?, 1, ?, ?, '/lib', 'wav', 1, 1, ?)",
        )
        .run(id, `/lib/${id}.wav`, `${id}.wav`, duration);
    const tag = (id: number, source: 'audioset' | 'ucs', label: string, score: number) =>
      db
        .prepare('INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, ?, ?, ?)')
        .run(id, source, label, score);
    // A half-second snare the tagger heard padded to 10 s, and a 12 s room tone that really is quiet.
    file(1, 0.5);
    tag(1, 'audioset', 'Silence', 0.9);
    tag(1, 'audioset', 'Snare drum', 0.7);
    tag(1, 'audioset', 'Drum', 0.6);
    tag(1, 'ucs', 'DRUMSnr', 0.95);
    tag(1, 'audioset', 'Door', 0.07); // too faint to say what the file is
    setUserTags(db, 1, ['tight']);
    file(2, 12);
    tag(2, 'audioset', 'Silence', 0.8);
    tag(2, 'audioset', 'Hum', 0.3);
    file(3, 1);

    const tags = fileTagsOfMany(db, [1, 2, 3], 3, 10);
    expect(tags.get(1)).toEqual([
      { label: 'tight', score: 1, source: 'user' },
      { label: 'Snare drum', score: 0.7, source: 'audioset' },
      { label: 'Drum', score: 0.6, source: 'audioset' },
    ]);
    expect(tags.get(2)!.map((t) => t.label)).toEqual(['Silence', 'Hum']);
    expect(tags.get(3)).toEqual([]);
    db.close();
  });
});
