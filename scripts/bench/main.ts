// `npm run bench`: speed of each stage on this machine, on real audio where it matters, synthetic vectors for scale.
// `npm run bench -- scale burst` runs only the sections named (see SECTIONS).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findHeads, headsDir } from '../../src-main/ml/heads';
import { modelsDir, modelStatus } from '../../src-main/ml/model-manager';
import { chooseTextTower } from '../../src-main/ml/text/text-encoder';
import { benchLibrary, makeTenSecondClips } from './library-bench';
import { benchModel } from './model-bench';
import { benchBurst } from './burst-bench';
import { benchAfterChange, benchQueries, makeSyntheticLibrary, syntheticDbPath } from './query-bench';
import { benchScale, type ColdRun, type ScaleBenchResult } from './scale-bench';
import { benchSeats, quotasAvailable, type SeatsLayout, type SeatsRun } from './seats-bench';
import { benchText } from './text-bench';
import { percentile } from './stats';

const SONIC_PI = '/usr/share/sonic-pi/samples';
const HYDROGEN = '/usr/share/hydrogen/data/drumkits';

/** The bench's sections, in the order they run: name them as arguments to run only those. */
const SECTIONS = [
  'model',
  'text',
  'indexing',
  'clips',
  'queries',
  'million',
  'million-fused',
  'million-scale',
  'burst',
  'scale',
  'seats',
] as const;
type Section = (typeof SECTIONS)[number];

function chosenSections(args: string[]): Set<Section> {
  const unknown = args.filter((arg) => !(SECTIONS as readonly string[]).includes(arg));
  if (unknown.length)
    throw new Error(`unknown bench section ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}`);
  // million-fused and million-scale build 4 GB databases (and the latter a million hard links): only when named.
  const onlyWhenNamed: readonly Section[] = ['million-fused', 'million-scale'];
  return new Set(args.length ? (args as Section[]) : SECTIONS.filter((section) => !onlyWhenNamed.includes(section)));
}

async function main(): Promise<void> {
  const run = chosenSections(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'hark-bench-'));
  const models = modelsDir();
  const modelReady = (await modelStatus('efficientat-mn04-as', models)).state === 'installed';
  const heads = findHeads(headsDir(models), chooseTextTower({ modelsDir: models }).id);
  console.log(
    `Hark bench: ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}, models ${modelReady ? 'installed' : 'MISSING'}`,
  );
  try {
    if (modelReady && run.has('model')) {
      console.log('\n## Model stages, ms per 10 s clip (median / p95)');
      for (const row of await benchModel(models)) {
        console.log(
          `${row.stage.padEnd(34)} ${row.provider.padEnd(5)} batch ${row.batch}: ${row.medianMsPerClip} / ${row.p95MsPerClip}`,
        );
      }
    }

    if (run.has('text')) {
      console.log(
        '\n## Query embedding per text tower (ms per query, p50 / p95 of 5 x 20 queries; USE-lite is the peer)',
      );
      const rows = await benchText();
      for (const row of rows)
        console.log(
          `${row.tower.padEnd(14)} load ${row.loadMs} ms; caller's thread ${row.direct[0]} / ${row.direct[1]}; encoder thread ${row.threaded[0]} / ${row.threaded[1]}`,
        );
      const [minilm, use] = ['minilm-l6-v2', 'use-lite'].map((name) => rows.find((row) => row.tower === name));
      if (minilm && use)
        console.log(`MiniLM / USE-lite, encoder thread p50: ${(minilm.threaded[0] / use.threaded[0]).toFixed(2)}`);
    }

    if (run.has('indexing')) {
      console.log('\n## Indexing real files (sonic-pi-samples + hydrogen-drumkits)');
      const library = await benchLibrary([SONIC_PI, HYDROGEN], join(work, 'real'), models);
      console.log(
        `catalogue: ${library.files} files in ${library.catalogueSeconds.toFixed(2)} s = ${library.catalogueFilesPerSecond.toFixed(0)} files/s`,
      );
      console.log(
        `analysis:  ${library.analysisFilesPerSecond.toFixed(1)} files/s, ${library.audioSecondsPerSecond.toFixed(0)} s of audio per second`,
      );
    }

    if (run.has('clips')) {
      console.log(
        '\n## Analysis of ten-second clips (44.1 kHz stereo WAV, end to end: decode, resample, front-end, encoder, store)',
      );
      const clips = makeTenSecondClips(SONIC_PI, join(work, 'clips'), 120);
      const tenSecond = await benchLibrary([clips], join(work, 'clips-db'), models);
      console.log(`analysis:  ${tenSecond.analysisFilesPerSecond.toFixed(1)} ten-second clips/s`);
    }

    if (modelReady && run.has('queries')) {
      console.log(
        '\n## Query latency, warm (after one untimed pass), limit 50 (ms, p50 / p95 of 3 passes x 20 queries)',
      );
      for (const files of [10_000, 100_000]) {
        const db = syntheticDbPath(work, files);
        makeSyntheticLibrary(db, files, heads.extension?.key ?? null);
        for (const row of await benchQueries(db, models, files)) {
          console.log(`${String(files).padStart(7)} files  ${row.mode.padEnd(20)} ${row.p50} / ${row.p95}`);
        }
        for (const row of await benchAfterChange(db, models, files, heads.extension?.key ?? null)) {
          console.log(
            `${String(files).padStart(7)} files  after 10 new files: ${row.mode.padEnd(20)} ${row.p50} / ${row.p95}`,
          );
        }
      }
    }

    if (modelReady && run.has('million-fused')) {
      // The same million files analysed (synthetic probabilities and embeddings: a ~4 GB database, minutes to build):
      // the label bridge's whole path at that scale. Named on its own, not run by default.
      console.log(
        '\n## Fused search at 1,000,000 analysed files, warm, limit 50 (ms, p50 / p95 of 3 passes x 20 queries)',
      );
      const files = 1_000_000;
      const db = syntheticDbPath(work, files);
      const started = performance.now();
      makeSyntheticLibrary(db, files, null);
      console.log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      // Without "more like this": its HNSW build over 1M feature vectors did not end within 11 minutes on 2 cores.
      await benchQueries(db, models, files, 3, {
        similar: false,
        onRow: (row) =>
          console.log(
            `${String(files).padStart(7)} files  ${row.mode.padEnd(20)} ${row.p50} / ${row.p95}` +
              `  (first search in the process, which loads it: ${((row.firstMs ?? 0) / 1000).toFixed(1)} s)`,
          ),
      });
      for (const row of await benchAfterChange(db, models, files, null, 5, { similar: false }))
        console.log(
          `${String(files).padStart(7)} files  after 10 new files: ${row.mode.padEnd(20)} ${row.p50} / ${row.p95}`,
        );
    }

    if (run.has('million-scale')) {
      // The scale section's library at a million files: the catalogue, a no-change re-index and cold searches with
      // their peak memory, each through the built CLI. Named on its own (a 4 GB database, ~30 min on 2 cores).
      console.log('\n## Scale: 1,000,000 files through the built CLI (hard links to one WAV, synthetic analysis)');
      printScale(await benchScale(join(work, 'scale-1m'), models, modelReady, 1_000_000));
    }

    if (run.has('seats')) {
      // Seats stand for machines. Pinned, each has a core of its own (taskset), so k seats have k times the CPU of
      // one, as k desktops would, and the peer is one seat on one core: this machine has room for as many such seats
      // as it has cores. With quotas (root and a cpu cgroup), each seat gets the same slice of CPU time, small enough
      // that three fit beside the server (0.6 of a core each on 2 cores), and the peer is one seat with one slice.
      // The unlimited row is one seat given the whole machine.
      const clips = 240;
      console.log(`\n## Shared analysis on PostgreSQL: ${clips} ten-second clips, seats at once through the built CLI`);
      const library = makeTenSecondClips(SONIC_PI, join(work, 'seat-clips'), clips);
      const cores = cpus().length;
      const slice = Math.min(1, Math.floor(((cores - 0.2) / 3) * 10) / 10);
      const quotas = quotasAvailable();
      const layouts: SeatsLayout[] = [
        ...Array.from({ length: Math.min(cores, 3) }, (_, i) => ({
          seats: i + 1,
          workersPerSeat: 1,
          each: { kind: 'core' as const },
        })),
        ...(quotas
          ? [1, 2, 3].map((seats) => ({ seats, workersPerSeat: 1, each: { kind: 'quota' as const, cpus: slice } }))
          : []),
        { seats: 1, workersPerSeat: cores, each: { kind: 'machine' } },
      ];
      if (!quotas) console.log('(no CPU quotas here: not root, or no cpu cgroup controller)');
      const runs = await benchSeats(work, library, layouts).catch((error: Error) => {
        // The bench runs wherever Hark builds; this section needs the server the tests use.
        if (!/PostgreSQL is not installed/.test(error.message)) throw error;
        console.log(`skipped: ${error.message}`);
        return null;
      });
      if (runs) printSeats(runs, clips);
    }

    if (run.has('million')) {
      // Names and keyword rows only (no analysis rows: 1M x 4 KB of synthetic vectors would be a 4 GB file).
      console.log('\n## Keyword search at 1,000,000 files, warm, limit 50 (ms, p50 / p95 of 3 passes x 20 queries)');
      const files = 1_000_000;
      const db = syntheticDbPath(work, files);
      const started = performance.now();
      makeSyntheticLibrary(db, files, null, { analysed: false });
      console.log(`built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      for (const row of await benchQueries(db, models, files, 3, { keywordOnly: true })) {
        console.log(`${String(files).padStart(7)} files  ${row.mode.padEnd(20)} ${row.p50} / ${row.p95}`);
      }
    }

    if (modelReady && run.has('burst')) {
      const files = 100_000;
      console.log(
        `\n## Burst: 200 concurrent fused searches over HTTP (hark serve's server), ${files.toLocaleString('en')} files`,
      );
      const db = syntheticDbPath(work, files);
      if (!existsSync(db)) makeSyntheticLibrary(db, files, heads.extension?.key ?? null);
      const burst = await benchBurst(db, models, work);
      console.log(
        `answered ${burst.answered} (p50 ${burst.p50.toFixed(0)} ms, p99 ${burst.p99.toFixed(0)} ms), refused with 503: ${burst.refused}`,
      );
      console.log(
        `one search alone: ${burst.singleMs.toFixed(1)} ms; x ${burst.queueDepth} places in the queue = ${(burst.singleMs * burst.queueDepth).toFixed(0)} ms`,
      );
    }

    if (!run.has('scale')) return;
    console.log('\n## Scale: 200,000 files through the built CLI (hard links to one WAV, synthetic analysis)');
    printScale(await benchScale(join(work, 'scale'), models, modelReady));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function printSeats(runs: SeatsRun[], clips: number): void {
  // Each row against one seat with the same machine (the first row of its kind).
  const lone = (row: SeatsRun) => runs.find((other) => other.each.kind === row.each.kind && other.seats === 1)!;
  const machine = (row: SeatsRun) =>
    row.each.kind === 'core' ? 'a core each' : row.each.kind === 'quota' ? `${row.each.cpus} CPU each` : 'all cores';
  for (const row of runs)
    console.log(
      `${row.seats} seat(s) x ${row.workersPerSeat} worker(s), ${machine(row)}: ` +
        `${row.seconds.toFixed(1)} s, ${(clips / row.seconds).toFixed(1)} clips/s, ` +
        `${(lone(row).seconds / row.seconds).toFixed(2)}x one seat; results per seat ${row.perSeat.join(' / ')}, ` +
        `done twice ${row.doneTwice}`,
    );
}

function printScale(scale: ScaleBenchResult): void {
  console.log(
    `catalogue:  ${scale.catalogued} files in ${scale.catalogueSeconds.toFixed(1)} s = ${(scale.catalogued / scale.catalogueSeconds).toFixed(0)} files/s`,
  );
  if (scale.cacheSeconds !== null)
    console.log(`index run writing the search cache after analysis: ${scale.cacheSeconds.toFixed(1)} s`);
  console.log(`re-index, nothing changed: ${scale.noChangeSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')}`);
  if (scale.firstSearch) {
    const cold = (run: ColdRun) =>
      `${run.firstResultMs.toFixed(0)} ms to first result, ${run.peakRssMb.toFixed(0)} MB peak RSS`;
    console.log(`cold search, the library's first: ${cold(scale.firstSearch)}`);
    const median = (values: number[]) => percentile(values, 0.5);
    console.log(
      `cold search, median of ${scale.coldSearches.length} processes: ${cold({
        firstResultMs: median(scale.coldSearches.map((run) => run.firstResultMs)),
        peakRssMb: median(scale.coldSearches.map((run) => run.peakRssMb)),
      })}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
