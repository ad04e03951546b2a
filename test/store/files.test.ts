import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveAnalysis, type AnalysisRecord } from '../../src-main/store/analysis';
import { openDatabase, type Db } from '../../src-main/store/database';
import {
  allFileRows,
  analysedFileVersions,
  countFiles,
  deleteFiles,
  filesToAnalyse,
  forgetAnalysis,
  getFileRow,
  getFileRowByPath,
  getFileRows,
  markFailed,
  markSeen,
  markSeenTouched,
  moveFile,
  readMetadata,
  readMetadataOf,
  replaceMetadata,
  setFavourite,
  toSummary,
  unseenFiles,
  upsertCatalogued,
  type CatalogueEntry,
} from '../../src-main/store/files';
import { keywordSearch } from '../../src-main/store/keyword-index';
import { insertRoot } from '../../src-main/store/roots';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const SCAN = 100;

function library(): { db: Db; rootId: number } {
  const db = openDatabase(join(tempDir(), 'library.db'));
  return { db, rootId: insertRoot(db, '/lib').id };
}

function entry(rootId: number, path: string, change: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    rootId,
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    folder: path.slice(0, path.lastIndexOf('/')),
    ext: 'wav',
    size: 1000,
    mtimeMs: 5,
    quickHash: 'hash-' + path,
    format: 'wav',
    codec: 'pcm_s16le',
    duration: 1.5,
    sampleRate: 48000,
    channels: 2,
    bitDepth: 24,
    metadata: {},
    ...change,
  };
}

const ANALYSIS: AnalysisRecord = {
  analysisKey: 'key-1',
  modelId: 'model',
  duration: 1.25,
  probs: new Float32Array([0.1, 0.9]),
  features: new Float32Array([1, 2, 3]),
  extension: { key: 'heads', output: { vector: new Float32Array(4), data: new Uint8Array(8) } },
  peaks: new Uint8Array([1, 2, 3]),
  peaksRate: 10,
  windows: [
    { start: 0, end: 1, probs: new Float32Array([0.2, 0.8]) },
    { start: 1, end: 2, probs: new Float32Array([0.3, 0.7]) },
  ],
  autoTags: [{ source: 'audioset', label: 'Drum', score: 0.9 }],
};

/** Rows the file has in each table its analysis fills. */
function analysisRows(db: Db, id: number): Record<string, number> {
  const count = (table: string) =>
    db.prepare(`SELECT COUNT(*) FROM ${table} WHERE file_id = ?`).pluck().get(id) as number;
  return {
    analysis: count('analysis'),
    windows: count('windows'),
    extension_outputs: count('extension_outputs'),
    auto_tags: count('auto_tags'),
  };
}

const found = (db: Db, words: string) => keywordSearch(db, words, null, 10).map((hit) => hit.fileId);

describe('files in the store', () => {
  it('inserts a catalogued file findable by id, by path and by its words, with its non-blank metadata', () => {
    const { db, rootId } = library();
    const id = upsertCatalogued(
      db,
      entry(rootId, '/lib/drums/Kick_808.wav', { metadata: { title: 'Boom', comment: '  ' } }),
      SCAN,
    );

    const row = getFileRow(db, id)!;
    expect(row).toMatchObject({
      id,
      root_id: rootId,
      path: '/lib/drums/Kick_808.wav',
      name: 'Kick_808.wav',
      folder: '/lib/drums',
      ext: 'wav',
      size: 1000,
      mtime_ms: 5,
      quick_hash: 'hash-/lib/drums/Kick_808.wav',
      format: 'wav',
      codec: 'pcm_s16le',
      duration: 1.5,
      sample_rate: 48000,
      channels: 2,
      bit_depth: 24,
      status: 'catalogued',
      error: null,
      analysis_key: null,
      favourite: 0,
      seen_scan: SCAN,
    });
    expect(getFileRowByPath(db, '/lib/drums/Kick_808.wav')).toEqual(row);
    expect(getFileRowByPath(db, '/lib/drums/kick_808.wav')).toBeUndefined();
    expect(getFileRow(db, id + 1)).toBeUndefined();
    expect(readMetadata(db, id)).toEqual({ title: 'Boom' });
    expect(found(db, '808')).toEqual([id]);
    expect(found(db, 'boom')).toEqual([id]);
    expect(found(db, 'drums')).toEqual([id]);
  });

  it('summarises a row for clients, favourite as a boolean', () => {
    const { db, rootId } = library();
    const id = upsertCatalogued(db, entry(rootId, '/lib/a.wav'), SCAN);
    const summary = {
      id,
      path: '/lib/a.wav',
      name: 'a.wav',
      folder: '/lib',
      format: 'wav',
      size: 1000,
      duration: 1.5,
      sampleRate: 48000,
      channels: 2,
      bitDepth: 24,
      status: 'catalogued',
      favourite: false,
      modifiedMs: 5,
      loudnessLufs: null,
    };
    expect(toSummary(getFileRow(db, id)!)).toEqual(summary);
    setFavourite(db, id, true);
    expect(toSummary(getFileRow(db, id)!)).toEqual({ ...summary, favourite: true });
    setFavourite(db, id, false);
    expect(getFileRow(db, id)!.favourite).toBe(0);
  });

  it('refreshing an unchanged file keeps its id and analysis; its metadata and words are replaced', () => {
    const { db, rootId } = library();
    const path = '/lib/door.wav';
    const id = upsertCatalogued(db, entry(rootId, path, { metadata: { title: 'Creak', genre: 'foley' } }), SCAN);
    saveAnalysis(db, id, ANALYSIS);

    expect(
      upsertCatalogued(db, entry(rootId, path, { metadata: { title: 'Slam' }, codec: 'pcm_s24le' }), SCAN + 1),
    ).toBe(id);
    expect(getFileRow(db, id)).toMatchObject({
      status: 'analysed',
      analysis_key: 'key-1',
      codec: 'pcm_s24le',
      seen_scan: SCAN + 1,
    });
    expect(analysisRows(db, id)).toEqual({ analysis: 1, windows: 2, extension_outputs: 1, auto_tags: 1 });
    expect(readMetadata(db, id)).toEqual({ title: 'Slam' });
    expect(found(db, 'slam')).toEqual([id]);
    expect(found(db, 'creak')).toEqual([]);
  });

  it('a file whose size or mtime changed loses its analysis and is owed analysis again', () => {
    const { db, rootId } = library();
    const resized = upsertCatalogued(db, entry(rootId, '/lib/resized.wav'), SCAN);
    const touched = upsertCatalogued(db, entry(rootId, '/lib/touched.wav'), SCAN);
    for (const id of [resized, touched]) saveAnalysis(db, id, ANALYSIS);
    expect(filesToAnalyse(db, 'key-1')).toEqual([]);

    upsertCatalogued(db, entry(rootId, '/lib/resized.wav', { size: 2000 }), SCAN + 1);
    upsertCatalogued(db, entry(rootId, '/lib/touched.wav', { mtimeMs: 6 }), SCAN + 1);
    for (const id of [resized, touched]) {
      expect(getFileRow(db, id)).toMatchObject({ status: 'catalogued', analysis_key: null, analysed_at: null });
      expect(analysisRows(db, id)).toEqual({ analysis: 0, windows: 0, extension_outputs: 0, auto_tags: 0 });
    }
    expect(filesToAnalyse(db, 'key-1').map((file) => file.id)).toEqual([resized, touched]);
  });

  it('forgets one file’s analysis and failure, leaving the others’', () => {
    const { db, rootId } = library();
    const a = upsertCatalogued(db, entry(rootId, '/lib/a.wav'), SCAN);
    const b = upsertCatalogued(db, entry(rootId, '/lib/b.wav'), SCAN);
    saveAnalysis(db, a, ANALYSIS);
    saveAnalysis(db, b, ANALYSIS);
    forgetAnalysis(db, a);
    expect(getFileRow(db, a)).toMatchObject({ status: 'catalogued', analysis_key: null, analysed_at: null });
    expect(analysisRows(db, a)).toEqual({ analysis: 0, windows: 0, extension_outputs: 0, auto_tags: 0 });
    expect(analysisRows(db, b)).toEqual({ analysis: 1, windows: 2, extension_outputs: 1, auto_tags: 1 });

    markFailed(db, b, 'decode', 'truncated');
    forgetAnalysis(db, b);
    expect(getFileRow(db, b)).toMatchObject({ status: 'catalogued', error: null, error_stage: null });
  });

  it('drops the older analysis of a file that failed its latest, so no cache holds rows for unanalysed files', () => {
    const { db, rootId } = library();
    const a = upsertCatalogued(db, entry(rootId, '/lib/a.wav'), SCAN);
    const b = upsertCatalogued(db, entry(rootId, '/lib/b.wav'), SCAN);
    saveAnalysis(db, a, ANALYSIS);
    saveAnalysis(db, b, ANALYSIS);
    markFailed(db, a, 'decode', 'file not found: /lib/a.wav', 'new-pipeline');
    expect(getFileRow(db, a)).toMatchObject({ status: 'failed', error: 'file not found: /lib/a.wav' });
    expect(analysisRows(db, a)).toEqual({ analysis: 0, windows: 0, extension_outputs: 0, auto_tags: 0 });
    expect(analysisRows(db, b)).toEqual({ analysis: 1, windows: 2, extension_outputs: 1, auto_tags: 1 });
  });

  it('a moved file keeps its id and analysis under its new path and words', () => {
    const { db, rootId } = library();
    const id = upsertCatalogued(db, entry(rootId, '/lib/old/kick.wav', { metadata: { title: 'Kick' } }), SCAN);
    saveAnalysis(db, id, ANALYSIS);
    moveFile(db, id, entry(rootId, '/lib/new/kick_moved.wav', { mtimeMs: 9, metadata: { title: 'Moved' } }), SCAN + 1);

    expect(getFileRowByPath(db, '/lib/old/kick.wav')).toBeUndefined();
    expect(getFileRowByPath(db, '/lib/new/kick_moved.wav')).toMatchObject({
      id,
      name: 'kick_moved.wav',
      folder: '/lib/new',
      mtime_ms: 9,
      seen_scan: SCAN + 1,
      status: 'analysed',
    });
    expect(analysisRows(db, id).analysis).toBe(1);
    expect(readMetadata(db, id)).toEqual({ title: 'Moved' });
    expect(found(db, 'new')).toEqual([id]);
    expect(found(db, 'old')).toEqual([]);
  });

  it('tells which files of a root a scan did not see; seen and touched files are not among them', () => {
    const { db, rootId } = library();
    const other = insertRoot(db, '/other').id;
    const seen = upsertCatalogued(db, entry(rootId, '/lib/seen.wav'), SCAN);
    const touched = upsertCatalogued(db, entry(rootId, '/lib/touched.wav'), SCAN);
    const gone = upsertCatalogued(db, entry(rootId, '/lib/gone.wav', { quickHash: null, size: 7 }), SCAN);
    upsertCatalogued(db, entry(other, '/other/elsewhere.wav'), SCAN);
    saveAnalysis(db, touched, ANALYSIS);

    markSeen(db, seen, SCAN + 1);
    markSeenTouched(db, touched, 42, SCAN + 1);
    expect(unseenFiles(db, rootId, SCAN + 1)).toEqual([{ id: gone, path: '/lib/gone.wav', size: 7, quick_hash: null }]);
    expect(getFileRow(db, touched)).toMatchObject({ mtime_ms: 42, seen_scan: SCAN + 1, status: 'analysed' });
    expect(getFileRow(db, seen)).toMatchObject({ mtime_ms: 5, seen_scan: SCAN + 1 });
  });

  it('deletes files with their metadata and keyword rows', () => {
    const { db, rootId } = library();
    const a = upsertCatalogued(db, entry(rootId, '/lib/snare_a.wav', { metadata: { title: 'x' } }), SCAN);
    const b = upsertCatalogued(db, entry(rootId, '/lib/snare_b.wav'), SCAN);
    const c = upsertCatalogued(db, entry(rootId, '/lib/snare_c.wav'), SCAN);
    deleteFiles(db, [a, c]);
    expect(allFileRows(db).map((row) => row.id)).toEqual([b]);
    expect(readMetadata(db, a)).toEqual({});
    expect(found(db, 'snare')).toEqual([b]);
  });

  it('reads many files and their metadata in one call, and lists every file in path order', () => {
    const { db, rootId } = library();
    const z = upsertCatalogued(db, entry(rootId, '/lib/z.wav', { metadata: { title: 'Zed', artist: 'Me' } }), SCAN);
    const a = upsertCatalogued(db, entry(rootId, '/lib/a.wav'), SCAN);
    const m = upsertCatalogued(db, entry(rootId, '/lib/m.wav', { metadata: { title: 'Em' } }), SCAN);

    const rows = getFileRows(db, [m, z, 999]);
    expect(new Set(rows.keys())).toEqual(new Set([z, m]));
    expect(rows.get(m)!.path).toBe('/lib/m.wav');
    expect(readMetadataOf(db, [z, a, m])).toEqual(
      new Map([
        [z, { artist: 'Me', title: 'Zed' }],
        [a, {}],
        [m, { title: 'Em' }],
      ]),
    );
    expect(Object.keys(readMetadata(db, z))).toEqual(['artist', 'title']);
    expect(allFileRows(db).map((row) => row.path)).toEqual(['/lib/a.wav', '/lib/m.wav', '/lib/z.wav']);
  });

  it('replaces a file’s metadata rows, dropping blank values', () => {
    const { db, rootId } = library();
    const id = upsertCatalogued(db, entry(rootId, '/lib/a.wav', { metadata: { title: 'Old' } }), SCAN);
    replaceMetadata(db, id, { title: 'New', empty: '', keywords: 'rain' });
    expect(readMetadata(db, id)).toEqual({ keywords: 'rain', title: 'New' });
  });

  it('counts files by status, owes analysis to the right ones, and versions the analysed ones', () => {
    const { db, rootId } = library();
    expect(countFiles(db)).toEqual({ files: 0, analysed: 0, failed: 0, pending: 0 });
    const [fresh, current, stale, modelFailed, decodeFailed] = ['fresh', 'current', 'stale', 'model', 'decode'].map(
      (name) => upsertCatalogued(db, entry(rootId, `/lib/${name}.wav`), SCAN),
    ) as [number, number, number, number, number];
    const before = Date.now();
    saveAnalysis(db, current, ANALYSIS);
    saveAnalysis(db, stale, { ...ANALYSIS, analysisKey: 'key-0' });
    markFailed(db, modelFailed, 'analysis', 'model crashed');
    markFailed(db, decodeFailed, 'decode', 'not audio');

    expect(getFileRow(db, decodeFailed)).toMatchObject({ status: 'failed', error_stage: 'decode', error: 'not audio' });
    expect(getFileRow(db, decodeFailed)!.analysed_at).toBeGreaterThanOrEqual(before);
    expect(countFiles(db)).toEqual({ files: 5, analysed: 2, failed: 2, pending: 1 });
    expect(filesToAnalyse(db, 'key-1')).toEqual([
      { id: fresh, path: '/lib/fresh.wav' },
      { id: stale, path: '/lib/stale.wav' },
      { id: modelFailed, path: '/lib/model.wav' },
    ]);
    const versions = analysedFileVersions(db);
    expect(new Set(versions.keys())).toEqual(new Set([current, stale]));
    expect(versions.get(current)).toBe(getFileRow(db, current)!.analysed_at);
    expect(versions.get(current)).toBeGreaterThanOrEqual(before);
  });

  it('does not owe a permanent decode failure again until the pipeline that failed on it changes', () => {
    const { db, rootId } = library();
    const [current, legacy, changed] = ['current', 'legacy', 'changed'].map((name) =>
      upsertCatalogued(db, entry(rootId, `/lib/${name}.wav`), SCAN),
    ) as [number, number, number];
    markFailed(db, current, 'decode', 'unsupported sample rate', 'key-1');
    markFailed(db, legacy, 'decode', 'not audio'); // recorded before failures named their pipeline
    markFailed(db, changed, 'decode', 'truncated', 'key-1');
    expect(getFileRow(db, current)).toMatchObject({ status: 'failed', error_stage: 'decode', analysis_key: 'key-1' });
    expect(filesToAnalyse(db, 'key-1')).toEqual([]);
    expect(filesToAnalyse(db, 'key-2').map((file) => file.id)).toEqual([current, changed]);
    // A changed file is owed whatever failed before (the catalogue resets it).
    upsertCatalogued(db, entry(rootId, '/lib/changed.wav', { size: 999 }), SCAN + 1);
    expect(filesToAnalyse(db, 'key-1').map((file) => file.id)).toEqual([changed]);
  });
});
