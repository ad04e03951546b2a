import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisChangeSeq, analysisChangesSince, pruneAnalysisChanges } from '../../src-main/store/analysis-changes';
import { AnalysisStamp } from '../../src-main/store/analysis-stamp';
import { openDatabase } from '../../src-main/store/database';
import { useTempDirs } from '../helpers/temp';

describe('the log of analysis changes', () => {
  const tempDir = useTempDirs();

  function library() {
    const db = openDatabase(join(tempDir(), 'library.db'));
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/r', 0)").run();
    const add = (id: number, status = 'catalogued', analysedAt: number | null = null) =>
      db
        .prepare(
          `INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms, status, analysed_at)
           VALUES (?, 1, ?, ?, '/r', 'wav', 1, 1, ?, ?)`,
        )
        .run(id, `/r/${id}.wav`, `${id}.wav`, status, analysedAt);
    const set = (id: number, status: string, analysedAt: number | null) =>
      db.prepare('UPDATE files SET status = ?, analysed_at = ? WHERE id = ?').run(status, analysedAt, id);
    return { db, add, set };
  }

  it('logs every write that adds, re-analyses or drops an analysed file, and nothing else', () => {
    const { db, add, set } = library();
    const stamp = new AnalysisStamp(db);
    const before = stamp.current();
    add(1); // catalogued only: not logged
    add(2, 'analysed', 10);
    expect(analysisChangeSeq(db)).toBe(1);
    expect(stamp.current()).not.toBe(before);
    set(1, 'analysed', 11); // analysed now
    set(2, 'analysed', 12); // re-analysed
    db.prepare("UPDATE files SET name = 'renamed.wav' WHERE id = 2").run(); // not its analysis: not logged
    set(1, 'analysed', 11); // the same version again: not logged
    expect(analysisChangesSince(db, 1, 100)).toEqual({
      seq: 3,
      files: new Map([
        [1, 11],
        [2, 12],
      ]),
    });
    set(1, 'catalogued', null); // lost its analysis
    db.prepare('DELETE FROM files WHERE id = 2').run();
    expect(analysisChangesSince(db, 3, 100)).toEqual({
      seq: 5,
      files: new Map([
        [1, null],
        [2, null],
      ]),
    });
    expect(analysisChangesSince(db, 5, 100)).toEqual({ seq: 5, files: new Map() });
  });

  it('says it cannot tell when entries were pruned past the reader, or too many files changed', () => {
    const { db, add } = library();
    for (let id = 1; id <= 10; id++) add(id, 'analysed', id);
    expect(analysisChangesSince(db, 0, 9)).toBeNull(); // 10 files changed, more than asked for
    expect(analysisChangesSince(db, 0, 10)?.files.size).toBe(10);
    expect(pruneAnalysisChanges(db, 4)).toBe(6);
    expect(analysisChangesSince(db, 5, 100)).toBeNull(); // entry 6 is gone
    expect(analysisChangesSince(db, 6, 100)?.files.size).toBe(4);
    pruneAnalysisChanges(db, 0); // the whole log: the numbers carry on
    expect(analysisChangeSeq(db)).toBe(10);
    expect(analysisChangesSince(db, 6, 100)).toBeNull();
    expect(analysisChangesSince(db, 10, 100)).toEqual({ seq: 10, files: new Map() });
    add(11, 'analysed', 11);
    expect(analysisChangesSince(db, 10, 100)).toEqual({ seq: 11, files: new Map([[11, 11]]) });
  });
});
