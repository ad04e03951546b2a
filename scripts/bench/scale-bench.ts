// A library of 200,000 files, measured through the built CLI in child processes, as a person runs it: the
// catalogue pass, a re-index that finds nothing changed, and a search from a cold process to its first result with
// the process's peak memory. The files are hard links to one real WAV (a directory entry each, no data), so the
// catalogue reads real headers; their analysis is synthetic (query-bench.ts), which is all search reads.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadModels } from '../../src-main/app/models';
import { quickHash } from '../../src-main/library/quick-hash';
import { probeFile } from '../../src-main/metadata/probe';
import { float32ToBlob } from '../../src-main/store/blobs';
import { openDatabase } from '../../src-main/store/database';
import { upsertCatalogued } from '../../src-main/store/files';
import { useLexicon } from '../../src-main/store/keyword-index';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { createLexicon } from '../../src-main/words/lexicon';
import { random, syntheticVectors } from './query-bench';

export interface ScaleBenchResult {
  files: number;
  /** How many of them the timed catalogue pass read. */
  catalogued: number;
  catalogueSeconds: number;
  /** The index run after every file was analysed: it writes the search cache the next processes read, seconds. */
  cacheSeconds: number | null;
  /** Re-index runs over the unchanged library, seconds. */
  noChangeSeconds: number[];
  /** The first search after the index runs, in a process that has never searched this library. */
  firstSearch: ColdRun | null;
  /** Later cold processes; none without the models. */
  coldSearches: ColdRun[];
}

export interface ColdRun {
  /** From spawning the process to the first byte of its results. */
  firstResultMs: number;
  peakRssMb: number;
}

const CLI = fileURLToPath(new URL('../bin/hark.js', import.meta.url));
const FILES_PER_FOLDER = 1000;

/** ext4 allows 65,000 links to a file: each copy of the sample takes this many. */
const LINKS_PER_COPY = 60_000;
/** Files the catalogue pass is timed on; the rest of the library is catalogued in one transaction (it took 15 min). */
const CATALOGUED = 20_000;

/**
 * `count` hard links to copies of one short real WAV, 1,000 to a folder, in two roots: `timed` holds the first
 * CATALOGUED files (catalogued by the CLI, timed), `rest` the others.
 */
export function linkedLibrary(dir: string, count: number): { timed: string; rest: string } {
  mkdirSync(dir, { recursive: true });
  const sample = join(dir, 'sample.wav');
  execFileSync('sox', ['-V1', '-n', '-r', '48000', '-c', '2', '-b', '24', sample, 'synth', '0.5', 'pinknoise']);
  const roots = { timed: join(dir, 'timed'), rest: join(dir, 'rest') };
  let source = sample;
  for (let i = 0; i < count; i++) {
    const root = i < CATALOGUED ? roots.timed : roots.rest;
    const folder = join(root, `folder_${String(Math.floor(i / FILES_PER_FOLDER)).padStart(4, '0')}`);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(folder, { recursive: true });
    if (i % LINKS_PER_COPY === 0) copyFileSync(sample, (source = join(dir, `sample-${i / LINKS_PER_COPY}.wav`)));
    linkSync(source, join(folder, `take_${String(i).padStart(6, '0')}.wav`));
  }
  return roots;
}

/** What the catalogue pass stores for every file under `rootPath` (a root of the library), in one transaction. */
export async function catalogueInOneGo(dbPath: string, rootPath: string, modelsDir: string): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    // Keyword rows as the CLI writes them (with the UCS table when installed), so its next open rebuilds nothing.
    const ucs = await loadUcsTable(join(modelsDir, 'ucs')).catch(() => null);
    useLexicon(db, createLexicon(ucs));
    const rootId = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(rootPath) as number;
    const folders = readdirSync(rootPath).sort();
    const first = join(rootPath, folders[0]!, readdirSync(join(rootPath, folders[0]!))[0]!);
    const probed = await probeFile(first);
    const hash = await quickHash(first, statSync(first).size);
    db.transaction(() => {
      for (const folder of folders) {
        for (const name of readdirSync(join(rootPath, folder)).sort()) {
          const path = join(rootPath, folder, name);
          const { size, mtimeMs } = statSync(path);
          const entry = { ...probed, rootId, path, name, folder: dirname(path), ext: 'wav', size, quickHash: hash };
          upsertCatalogued(db, { ...entry, mtimeMs: Math.trunc(mtimeMs) }, 0);
        }
      }
    })();
  } finally {
    db.close();
  }
}

/** Gives every catalogued file a synthetic analysis under the installed model's key, so nothing is left to analyse. */
export async function analyseSynthetically(dbPath: string, modelsDir: string): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    const { analysisKey } = await loadModels(db, modelsDir, { textSide: false });
    const ids = db.prepare("SELECT id FROM files WHERE status = 'catalogued' ORDER BY id").pluck().all() as number[];
    const insert = db.prepare('INSERT INTO analysis (file_id, model_id, probs, features) VALUES (?, ?, ?, ?)');
    const mark = db.prepare("UPDATE files SET status = 'analysed', analysis_key = ?, analysed_at = ? WHERE id = ?");
    const vectors = syntheticVectors(random(ids.length));
    const now = Date.now();
    db.transaction(() => {
      for (const id of ids) {
        const { probs, features } = vectors();
        insert.run(id, 'efficientat-mn04-as', float32ToBlob(probs), float32ToBlob(features));
        mark.run(analysisKey, now + id, id);
      }
    })();
  } finally {
    db.close();
  }
}

export interface CliRun extends ColdRun {
  totalMs: number;
  stdout: string;
}

/** Runs the built CLI; its peak RSS comes from the child itself (process.resourceUsage at exit, via --import). */
export function runCli(args: string[], reporter: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstResultMs = -1;
    let stdout = '';
    let stderr = '';
    const child = spawn(process.execPath, ['--import', pathToFileURL(reporter).href, CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstResultMs < 0) firstResultMs = performance.now() - started;
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const totalMs = performance.now() - started;
      const peak = /hark-bench-peak-rss-kb=(\d+)/.exec(stderr);
      if (code !== 0 || !peak) return reject(new Error(`hark ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ firstResultMs, totalMs, peakRssMb: Number(peak[1]) / 1024, stdout });
    });
  });
}

/** A module the CLI imports first: at exit it prints the process's peak RSS on stderr, for runCli. */
export function peakRssReporter(dir: string): string {
  const reporter = join(dir, 'peak-rss.mjs');
  writeFileSync(
    reporter,
    "import { writeSync } from 'node:fs';\n" +
      "process.on('exit', () => writeSync(2, `hark-bench-peak-rss-kb=${process.resourceUsage().maxRSS}\\n`));\n",
  );
  return reporter;
}

/** `withSearch`: the models are installed (the synthetic analysis is stored under their key, and search needs them). */
export async function benchScale(
  workDir: string,
  modelsDir: string,
  withSearch: boolean,
  files = 200_000,
): Promise<ScaleBenchResult> {
  mkdirSync(workDir, { recursive: true });
  const reporter = peakRssReporter(workDir);
  const roots = linkedLibrary(join(workDir, 'scale'), files);
  const db = join(workDir, 'scale.db');
  await runCli(['--db', db, 'add', roots.timed], reporter);
  const catalogue = await runCli(['--db', db, 'index', '--no-analyse'], reporter);
  await runCli(['--db', db, 'add', roots.rest], reporter);
  await catalogueInOneGo(db, roots.rest, modelsDir);
  let cacheSeconds: number | null = null;
  if (withSearch) {
    await analyseSynthetically(db, modelsDir);
    // The analysis was written behind the indexer's back: this run finds nothing to analyse, and brings the
    // label bridge's columns cache up to date as every index run does.
    cacheSeconds = (await runCli(['--db', db, 'index'], reporter)).totalMs / 1000;
  }

  const noChangeSeconds: number[] = [];
  for (let run = 0; run < 2; run++) {
    const reindex = await runCli(['--db', db, 'index', ...(withSearch ? [] : ['--no-analyse'])], reporter);
    noChangeSeconds.push(reindex.totalMs / 1000);
  }
  const measured = {
    files,
    catalogued: CATALOGUED,
    catalogueSeconds: catalogue.totalMs / 1000,
    cacheSeconds,
    noChangeSeconds,
  };
  if (!withSearch) return { ...measured, firstSearch: null, coldSearches: [] };

  const search = (text: string) => runCli(['--db', db, 'search', text, '--limit', '20'], reporter);
  const firstSearch = await search('rain on a tin roof');
  const coldSearches: ColdRun[] = [];
  for (const text of ['glass breaking', 'dog barking in the distance', 'kick']) {
    const run = await search(text);
    if (!run.stdout.includes('take_')) throw new Error(`the search for "${text}" found nothing: ${run.stdout}`);
    coldSearches.push(run);
  }
  return { ...measured, firstSearch, coldSearches };
}
