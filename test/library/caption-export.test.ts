import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { libraryCsv } from '../../src-main/library/caption-export';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { openDatabase } from '../../src-main/store/database';
import { fileCategories, fileCategory, MIN_SUGGESTION_CONFIDENCE } from '../../src-main/store/file-category';
import { installedDir } from '../helpers/models';
import { useTempDirs } from '../helpers/temp';

// A file's category is a fact (its name or metadata says it), a confident model suggestion, or nothing: never a
// weak guess shown, exported or renamed by as if it were known.
describe('UCS categories: right or silent', () => {
  const tempDir = useTempDirs();

  async function library() {
    const db = openDatabase(join(tempDir(), 'library.db'));
    db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
    const add = (id: number, name: string, suggestion?: [string, number]) => {
      db.prepare(
        "INSERT INTO files (id, root_id, path, name, folder, ext, size, mtime_ms) VALUES (?, 1, ?, ?, '/lib', 'wav', 1, 1)",
      ).run(id, `/lib/${name}`, name);
      if (suggestion)
        db.prepare("INSERT INTO auto_tags (file_id, source, label, score) VALUES (?, 'ucs', ?, ?)").run(
          id,
          ...suggestion,
        );
    };
    add(1, 'DOORWood_Slam_HRK_01.wav', ['VOXScrm', 0.9]); // the name wins over any suggestion
    add(2, 'steps.wav', ['FEETHmn', MIN_SUGGESTION_CONFIDENCE + 0.1]);
    add(3, 'choir.wav', ['VOXScrm', MIN_SUGGESTION_CONFIDENCE - 0.1]);
    add(4, 'silence.wav');
    return { db, table: await loadUcsTable(installedDir('ucs')) };
  }

  it('names a file by its own CatID, else by a confident suggestion, else not at all', async () => {
    const { db, table } = await library();
    expect(fileCategory(db, 1, table)).toMatchObject({ catId: 'DOORWood', source: 'filename', confidence: 1 });
    expect(fileCategory(db, 2, table)).toMatchObject({ catId: 'FEETHmn', source: 'model' });
    expect(fileCategory(db, 3, table)).toBeNull();
    expect(fileCategory(db, 4, table)).toBeNull();
    const page = fileCategories(
      db,
      [1, 2, 3, 4].map((id) => ({
        id,
        name: ['DOORWood_Slam_HRK_01.wav', 'steps.wav', 'choir.wav', 'silence.wav'][id - 1]!,
      })),
      table,
    );
    expect([...page].map(([id, category]) => [id, category?.catId ?? null])).toEqual([
      [1, 'DOORWood'],
      [2, 'FEETHmn'],
      [3, null],
      [4, null],
    ]);
  });

  it('exports each category with where it came from and how sure, and leaves a weak guess out', async () => {
    const { db, table } = await library();
    const lines = libraryCsv(db, { ucs: table, audioset: null }).split('\r\n');
    expect(lines[0]).toContain(',catId,category,subcategory,category source,category confidence,top tags');
    const row = (name: string) => lines.find((line) => line.startsWith(`/lib/${name},`))!;
    expect(row('DOORWood_Slam_HRK_01.wav')).toContain(',DOORWood,DOORS,WOOD,filename,1.00,');
    expect(row('steps.wav')).toContain(
      `,FEETHmn,FOOTSTEPS,HUMAN,model,${(MIN_SUGGESTION_CONFIDENCE + 0.1).toFixed(2)},`,
    );
    expect(row('choir.wav')).toMatch(/,,,,,,$/);
    db.close();
  });
});
