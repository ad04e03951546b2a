// End to end: what the screens say while the real `hark serve` indexes a library with the installed models, read in
// Debian's Chromium every 150 ms: the phase beside a bar that moves only while something runs, true counts, a time
// left that is a time (and about right), pause that stops and says so, and "Up to date" only when it is.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src-main/audio/wav-encode';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const WAIT = { timeout: 20_000, interval: 100 };
/** Enough 12 s files that analysis runs for ten seconds or more on two cores. */
const FILES = 160;
const SECONDS = 12;
const RATE = 16000;

let work: string;
let library: string;
let server: ServeProcess | undefined;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface Sample {
  at: number;
  label: string;
  detail: string;
  /** The bar's value attribute: null while it is indeterminate (animated). */
  value: string | null;
  badge: string | null;
}
const samples: Sample[] = [];

/** A file of its own: a tone, a noise burst or a chirp, so the model hears different things. */
function sound(i: number): Float32Array {
  const samplesOf = new Float32Array(RATE * SECONDS);
  let seed = i + 1;
  for (let t = 0; t < samplesOf.length; t++) {
    const s = t / RATE;
    if (i % 3 === 0) samplesOf[t] = 0.3 * Math.sin(2 * Math.PI * (110 + 7 * i) * s);
    else if (i % 3 === 1) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      samplesOf[t] = (seed / 2147483648 - 0.5) * 0.6 * Math.exp(-3 * (s % 1));
    } else samplesOf[t] = 0.3 * Math.sin(2 * Math.PI * (200 + 300 * s + i) * s);
  }
  return samplesOf;
}

async function sample(): Promise<Sample> {
  const read = await page.evaluate(() => {
    const state = document.querySelector('.indexing .state');
    const bar = document.querySelector('.indexing progress');
    const badge = document.querySelector('.badge');
    return {
      label: state?.querySelector('strong')?.textContent?.trim() ?? '',
      detail: (state?.querySelector('.dim')?.textContent ?? '').replace(/^\s*·\s*/, '').trim(),
      value: bar?.getAttribute('value') ?? null,
      badge: badge?.textContent?.trim() ?? null,
    };
  });
  return { at: Date.now(), ...read };
}

/** "45 s", "3 min", "1 h 20 min" (lib/format.ts formatEta) in seconds. */
function etaSeconds(detail: string): number | null {
  const text = /about (.+) left/.exec(detail)?.[1];
  if (!text) return null;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)\s*(h|min|s)\b/g))
    seconds += Number(n) * (unit === 'h' ? 3600 : unit === 'min' ? 60 : 1);
  return seconds;
}

describe('indexing status against hark serve', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hark-e2e-indexing-'));
    library = join(work, 'Sounds');
    mkdirSync(library, { recursive: true });
    for (let i = 0; i < FILES; i++)
      writeFileSync(join(library, `take_${String(i).padStart(3, '0')}.wav`), encodeWav([sound(i)], RATE, 'int16'));
    server = await startServeProcess(join(work, 'library.db'));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('says what is happening while it indexes, pauses and resumes, and only then that it is up to date', async () => {
    await page.getByRole('tab', { name: 'Library' }).click();
    await page.getByLabel('Folder path').fill(library);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await sample());
        await new Promise((done) => setTimeout(done, 150));
      }
    })();
    await page.getByRole('button', { name: 'Add folder' }).click();

    // Listening, some files done: pause there.
    const status = page.getByRole('region', { name: 'Indexing' }).getByRole('status');
    await expect
      .poll(() => sample().then((s) => s.label === 'Listening to sounds' && /^([1-9]\d*) of /.test(s.detail)), WAIT)
      .toBe(true);
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SHOTS, `17-indexing-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => sample().then((s) => s.label), WAIT).toBe('Paused');
    const paused = await sample();
    const pausedDone = Number(/^(\d+) of/.exec(paused.detail)?.[1]);
    expect(pausedDone).toBeGreaterThan(0);
    expect(pausedDone).toBeLessThan(FILES);
    expect(paused.detail).toMatch(new RegExp(`^${pausedDone} of ${FILES} files$`));
    expect(paused.badge).toMatch(/^Paused \d+%$/);
    // The library's totals agree with it (they were read before the files in hand finished, and said 15 of 19).
    const total = (name: string) =>
      page
        .locator('.stats div')
        .filter({ has: page.getByText(name, { exact: true }) })
        .locator('dd')
        .textContent()
        .then((t) => Number(t));
    await expect.poll(() => total('Analysed'), WAIT).toBe(pausedDone);
    await expect.poll(() => total('Waiting'), WAIT).toBe(FILES - pausedDone);
    await page.screenshot({ path: join(SHOTS, '17-indexing-paused-1024x700.png') });
    // Paused means paused: a second and a half later the same count.
    await new Promise((done) => setTimeout(done, 1500));
    expect((await sample()).detail).toBe(paused.detail);

    const resumedAt = Date.now();
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => sample().then((s) => s.label), { ...WAIT, timeout: 120_000 }).toBe('Up to date');
    const doneAt = Date.now();
    sampling = false;
    await sampler;
    await textOf(status, `Up to date · ${FILES} of ${FILES} files`);
    expect((await sample()).badge).toBeNull();
    await expect.poll(() => total('Analysed'), WAIT).toBe(FILES);
    await expect.poll(() => total('Waiting'), WAIT).toBe(0);
    await page.screenshot({ path: join(SHOTS, '17-indexing-done-1024x700.png') });

    // Every sample reads as true.
    const running = new Set(['Reading files', 'Listening to sounds']);
    let lastDone = 0;
    for (const s of samples) {
      const where = JSON.stringify(s);
      expect(s.label + s.detail, where).not.toMatch(/unknown|NaN|undefined|Infinity|LLs|Idle/);
      // An animated (indeterminate) bar only while something runs.
      if (!running.has(s.label)) expect(s.value, where).not.toBeNull();
      if (s.label === 'Reading files') expect(s.detail, where).toMatch(/^\d+ files read · .+ files\/s$/);
      if (s.label === 'Pausing') expect(s.detail, where).toMatch(/^\d+ of \d+ files · finishing the files in hand$/);
      if (s.label === 'Listening to sounds') {
        expect(s.detail, where).toMatch(
          new RegExp(`^\\d+ of ${FILES} files · .+ · (about (\\d+ h )?\\d+ (s|min) left|time left not known yet)$`),
        );
        const done = Number(/^(\d+) of/.exec(s.detail)![1]);
        expect(done, where).toBeGreaterThanOrEqual(lastDone);
        expect(done, where).toBeLessThanOrEqual(FILES);
        expect(Number(s.value), where).toBeCloseTo(done / FILES, 2);
        expect(s.badge, where).toMatch(/^Listening to sounds \d+%$/);
        lastDone = done;
      }
    }
    // The time left after resuming is about right: within a factor of three (and 2 s) of what it turned out to be,
    // wherever more than a second was left, judged on the median of the first half of those samples, since one
    // sample can meet a burst of load from elsewhere (a CI run beside other tests once said 23 s where 6.9 s were).
    // That the rate is measured afresh on resume (it once said "about 9 s left" where 1.6 s were) is pinned by
    // test/library/indexer.test.ts: here it shows only when the pause is long against the run.
    const judged = samples
      .filter((s) => s.at > resumedAt && s.label === 'Listening to sounds' && doneAt - s.at > 1000)
      .map((s) => ({ said: etaSeconds(s.detail), was: (doneAt - s.at) / 1000 }))
      .filter((e): e is { said: number; was: number } => e.said !== null);
    const early = judged.slice(0, Math.ceil(judged.length / 2));
    expect(early.length).toBeGreaterThan(0);
    const ratios = early.map(({ said, was }) => said / (was + 2 / 3)).sort((x, y) => x - y);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    const told = early.map(({ said, was }) => `${said} s for ${was.toFixed(1)} s`).join(', ');
    expect(median, told).toBeGreaterThan(1 / 3);
    expect(median, told).toBeLessThan(3);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

async function textOf(locator: ReturnType<Page['getByRole']>, expected: string): Promise<void> {
  await expect
    .poll(() => locator.textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim()), WAIT)
    .toBe(expected);
}
