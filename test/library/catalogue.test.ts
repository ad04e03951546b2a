import { appendFileSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueRoot, type Probe, type ProbeResult } from '../../src-main/library/catalogue';
import { saveAnalysis } from '../../src-main/store/analysis';
import { openDatabase, type Db } from '../../src-main/store/database';
import { getFileRowByPath } from '../../src-main/store/files';
import { listFailures } from '../../src-main/store/problems';
import { insertRoot } from '../../src-main/store/roots';
import { useTempDirs } from '../helpers/temp';

// The catalogue logic is under test here, so the probe is a counting stand-in; the real probe is exercised by the
// metadata tests and end to end by the CLI tests.
function countingProbe(): Probe & { calls: string[] } {
  const calls: string[] = [];
  const probe = async (path: string): Promise<ProbeResult> => {
    calls.push(path);
    if (path.includes('corrupt')) throw new Error('not an audio file');
    return {
      format: 'wav',
      codec: 'pcm',
      duration: 1,
      sampleRate: 44100,
      channels: 1,
      bitDepth: 16,
      metadata: { description: `about ${path}` },
    };
  };
  return Object.assign(probe, { calls });
}

function analyse(db: Db, path: string): number {
  const row = getFileRowByPath(db, path)!;
  saveAnalysis(db, row.id, {
    analysisKey: 'k',
    modelId: null,
    duration: 1,
    probs: null,
    features: null,
    peaks: new Uint8Array([1, 2]),
    peaksRate: 100,
    windows: [],
    autoTags: [],
  });
  return row.id;
}

describe('catalogueRoot', () => {
  const tempDir = useTempDirs();

  function setUp() {
    const dir = tempDir();
    const rootPath = join(dir, 'library');
    mkdirSync(join(rootPath, 'drums'), { recursive: true });
    for (const name of ['drums/kick.wav', 'drums/snare.wav', 'pad.wav'])
      writeFileSync(join(rootPath, name), `audio of ${name}`);
    const db = openDatabase(join(dir, 'library.db'));
    const root = insertRoot(db, rootPath);
    return { db, root, rootPath, probe: countingProbe() };
  }

  it('catalogues new files, then skips unchanged ones without reading them', async () => {
    const { db, root, probe } = setUp();
    const first = await catalogueRoot(db, root, { probe });
    expect(first).toMatchObject({ seen: 3, added: 3, unchanged: 0 });
    expect(probe.calls).toHaveLength(3);
    const second = await catalogueRoot(db, root, { probe });
    expect(second).toMatchObject({ seen: 3, added: 0, unchanged: 3 });
    expect(probe.calls).toHaveLength(3);
  });

  it('re-reads a changed file and drops its analysis, keeps a touched-but-identical one', async () => {
    const { db, root, rootPath, probe } = setUp();
    await catalogueRoot(db, root, { probe });
    analyse(db, join(rootPath, 'pad.wav'));
    analyse(db, join(rootPath, 'drums/kick.wav'));
    appendFileSync(join(rootPath, 'pad.wav'), 'more');
    utimesSync(join(rootPath, 'drums/kick.wav'), new Date(), new Date(Date.now() + 5000));
    const stats = await catalogueRoot(db, root, { probe });
    expect(stats).toMatchObject({ updated: 1, unchanged: 2 });
    expect(getFileRowByPath(db, join(rootPath, 'pad.wav'))!.status).toBe('catalogued');
    expect(getFileRowByPath(db, join(rootPath, 'drums/kick.wav'))!.status).toBe('analysed');
  });

  it('keeps the analysis of a moved file and forgets a deleted one', async () => {
    const { db, root, rootPath, probe } = setUp();
    await catalogueRoot(db, root, { probe });
    const kickId = analyse(db, join(rootPath, 'drums/kick.wav'));
    mkdirSync(join(rootPath, 'kicks'));
    renameSync(join(rootPath, 'drums/kick.wav'), join(rootPath, 'kicks/kick-renamed.wav'));
    rmSync(join(rootPath, 'drums/snare.wav'));
    const stats = await catalogueRoot(db, root, { probe });
    expect(stats).toMatchObject({ moved: 1, removed: 1, added: 0 });
    const moved = getFileRowByPath(db, join(rootPath, 'kicks/kick-renamed.wav'))!;
    expect(moved.id).toBe(kickId);
    expect(moved.status).toBe('analysed');
    expect(getFileRowByPath(db, join(rootPath, 'drums/snare.wav'))).toBeUndefined();
  });

  it('keeps every file when the root folder is missing (an unplugged drive)', async () => {
    const { db, root, rootPath, probe } = setUp();
    await catalogueRoot(db, root, { probe });
    renameSync(rootPath, rootPath + '-elsewhere');
    const stats = await catalogueRoot(db, root, { probe });
    expect(stats.rootMissing).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM files').pluck().get()).toBe(3);
  });

  it('records a file whose headers cannot be read, keeps it findable, and goes on', async () => {
    const { db, root, rootPath, probe } = setUp();
    writeFileSync(join(rootPath, 'corrupt-take.wav'), 'garbage');
    const stats = await catalogueRoot(db, root, { probe });
    expect(stats).toMatchObject({ added: 4, failed: 1 });
    const row = getFileRowByPath(db, join(rootPath, 'corrupt-take.wav'))!;
    expect(row.status).toBe('failed');
    expect(row.error).toBe('not an audio file');
    expect(listFailures(db).map((f) => [f.path, f.reason])).toContainEqual([row.path, 'not an audio file']);
  });
});
