import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeywordSearcher, type KeywordSearcher } from '../../src-main/search/keyword-thread';
import { parseKeywordQuery } from '../../src-main/search/keyword-query';
import { openDatabase, type Db } from '../../src-main/store/database';
import { upsertCatalogued } from '../../src-main/store/files';
import { keywordAnswer } from '../../src-main/store/keyword-index';
import { wavEntry } from '../helpers/catalogue';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();

// The bundled worker `npm test` builds before the tests run; from TypeScript sources there is none to find.
const BUILT_WORKER = new URL('../../dist/keyword-worker.js', import.meta.url);

function library(): { db: Db; path: string; add: (path: string) => number } {
  const path = join(tempDir(), 'library.db');
  const db = openDatabase(path);
  db.prepare("INSERT INTO roots (id, path, added_at) VALUES (1, '/lib', 0)").run();
  const add = (file: string) => upsertCatalogued(db, wavEntry(1, file), 1);
  return { db, path, add };
}

const searchers: KeywordSearcher[] = [];
afterEach(() => searchers.splice(0).forEach((s) => s.close()));

function open(db: Db, path: string, workerUrl?: URL): KeywordSearcher {
  const searcher = createKeywordSearcher(db, path, workerUrl);
  searchers.push(searcher);
  return searcher;
}

const ask = (text: string) => {
  const query = parseKeywordQuery(text);
  return { match: query.match, exclude: query.exclude, limit: 50, terms: ['kick', 'door'] };
};
const run = async (searcher: KeywordSearcher, text: string) => (await searcher.search(ask(text))).hits;

describe('keyword search on its own thread', () => {
  it('answers exactly as the in-thread search, and sees files written after it started', async () => {
    const { db, path, add } = library();
    for (const name of ['Kick_808', 'KickDrum_01', 'Snare_Hard', 'Door_Slam', 'kick_door_combo'])
      add(`/lib/drums/${name}.wav`);
    const threaded = open(db, path, BUILT_WORKER);
    expect(threaded.onOwnThread).toBe(true);
    for (const text of ['kick', 'kick -door', 'door OR snare', '"kick drum"', 'sn*']) {
      const expected = keywordAnswer(db, ask(text));
      expect(expected.hits.length).toBeGreaterThan(0);
      expect(await threaded.search(ask(text))).toEqual(expected);
    }
    const late = add('/lib/drums/kick_late.wav');
    expect((await run(threaded, 'late')).map((hit) => hit.fileId)).toEqual([late]);
  });

  it('rejects a malformed expression with SQLite’s message and keeps answering', async () => {
    const { db, path, add } = library();
    add('/lib/a/kick.wav');
    const threaded = open(db, path, BUILT_WORKER);
    await expect(threaded.search({ match: '"unterminated', exclude: null, limit: 10, terms: [] })).rejects.toThrow(
      /unterminated string|syntax error/,
    );
    expect(await run(threaded, 'kick')).toHaveLength(1);
  });

  it('searches on the caller’s thread when the worker script is missing or the thread dies', async () => {
    const { db, path, add } = library();
    const kick = add('/lib/a/kick.wav');
    const missing = open(db, path, new URL('file:///nonexistent/keyword-worker.js'));
    expect(missing.onOwnThread).toBe(false);
    expect((await run(missing, 'kick')).map((hit) => hit.fileId)).toEqual([kick]);

    const dying = join(tempDir(), 'dies.mjs');
    writeFileSync(dying, 'process.exit(3);\n');
    const orphaned = open(db, path, pathToFileURL(dying));
    // Asked before or after the thread exits, the search is answered (rerun here when it was waiting on the thread).
    const answers = await Promise.all([
      run(orphaned, 'kick'),
      new Promise((resolve) => setTimeout(resolve, 200)).then(() => run(orphaned, 'kick')),
    ]);
    expect(answers.map((hits) => hits.map((hit) => hit.fileId))).toEqual([[kick], [kick]]);
    expect(orphaned.onOwnThread).toBe(false);
  });
});
