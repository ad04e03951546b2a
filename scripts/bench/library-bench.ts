// Catalogue and analysis throughput of the real indexer on real files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Hark } from '../../src-main/app/hark';
import { probeFile } from '../../src-main/metadata/probe';
import { openDatabase } from '../../src-main/store/database';

export interface LibraryBenchResult {
  files: number;
  catalogueSeconds: number;
  catalogueFilesPerSecond: number;
  analysisSeconds: number;
  analysisFilesPerSecond: number;
  audioSecondsPerSecond: number;
}

export async function benchLibrary(roots: string[], workDir: string, modelsDir: string): Promise<LibraryBenchResult> {
  const hark = await Hark.open({
    dbPath: join(workDir, 'bench.db'),
    modelsDir,
    probe: probeFile,
    workers: cpus().length,
    keywordOnly: true,
  });
  try {
    for (const root of roots) await hark.addRoot({ path: root });
    let started = performance.now();
    const catalogue = await hark.indexNow(false);
    const catalogueSeconds = (performance.now() - started) / 1000;
    const files = catalogue.catalogue.reduce((sum, stats) => sum + stats.seen, 0);
    started = performance.now();
    const analysis = await hark.indexNow(true);
    const analysisSeconds = (performance.now() - started) / 1000;
    const db = openDatabase(join(workDir, 'bench.db'));
    const audio = db
      .prepare("SELECT COALESCE(SUM(MIN(duration, 1200)), 0) FROM files WHERE status = 'analysed'")
      .pluck()
      .get() as number;
    db.close();
    return {
      files,
      catalogueSeconds,
      catalogueFilesPerSecond: files / catalogueSeconds,
      analysisSeconds,
      analysisFilesPerSecond: analysis.analysed / analysisSeconds,
      audioSecondsPerSecond: audio / analysisSeconds,
    };
  } finally {
    hark.close();
  }
}

/** Ten-second 44.1 kHz stereo clips cut from real recordings (sonic-pi loops and ambiences), for clips/s. */
export function makeTenSecondClips(sourceDir: string, outDir: string, count: number): string {
  mkdirSync(outDir, { recursive: true });
  const sources = readdirSync(sourceDir)
    .filter((name) => /^(loop|ambi|guit|misc)_.*\.flac$/.test(name))
    .sort();
  for (let i = 0; i < count; i++) {
    const source = join(sourceDir, sources[i % sources.length]!);
    // repeat the source until it fills 10 s, then cut exactly 10 s; vary the pitch so the clips differ
    execFileSync('sox', [
      '-V1',
      '-G',
      source,
      '-r',
      '44100',
      '-c',
      '2',
      '-b',
      '16',
      join(outDir, `clip_${String(i).padStart(3, '0')}.wav`),
      'repeat',
      '20',
      'trim',
      '0',
      '10',
      'speed',
      String(0.9 + (i % 7) * 0.03),
    ]);
  }
  return outDir;
}
