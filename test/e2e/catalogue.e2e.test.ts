// End to end: the shared catalogue in Settings, in Debian's Chromium against the real `hark serve` and a real
// PostgreSQL: connect, share a folder, analyse it with the other seats, then lose the server (a relay the test
// cuts), tag a file, and come back; a reader's seat may not analyse.
// Screenshots at 1024x700 and 1920x1080 go to test-results/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { startCuttableProxy, type CuttableProxy } from '../helpers/cuttable-proxy';
import { usePostgres } from '../helpers/postgres';
import { onServer } from '../helpers/seats';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { tone } from '../helpers/sounds';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const WAIT = { timeout: 15_000, interval: 100 };
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
];

const textOf = (locator: Locator) =>
  expect.poll(() => locator.textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim()), WAIT);

describe('the shared catalogue in Settings', () => {
  const postgres = usePostgres();
  let server: ServeProcess | undefined;
  let proxy: CuttableProxy | undefined;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let library: string;
  let url: string;
  const pageErrors: string[] = [];

  async function shots(name: string): Promise<void> {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await page.screenshot({
        path: join(SHOTS, `18-catalogue-${name}-${size.width}x${size.height}.png`),
        fullPage: true,
      });
    }
    await page.setViewportSize(SIZES[0]!);
  }

  const field = (term: string) => page.locator('dt', { hasText: term }).locator('+ dd');

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/renderer/index.html')), 'run `npm run build` first').toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'hark-e2e-catalogue-'));
    library = join(dir, 'Sounds');
    mkdirSync(library);
    tone(library, 'door.wav');
    tone(library, 'rain.wav', { freq: 880 });
    const db = join(dir, 'library.db');
    expect((await runHark(['--db', db, 'add', library])).code).toBe(0);
    url = await postgres.freshDatabase();
    const direct = new URL(url);
    proxy = await startCuttableProxy({ host: direct.hostname, port: Number(direct.port) });
    server = await startServeProcess(db);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: SIZES[0] });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('connects the library with the password masked, and shares a folder', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect.poll(() => page.getByText('This library is its own.').count(), WAIT).toBe(1);
    const relayed = new URL(url);
    relayed.port = String(proxy!.port);
    relayed.password = 'n0t-shown';
    await page.getByLabel('Server URL').fill(relayed.href);
    await page.getByLabel('Seat name').fill('studio-a');
    await page.getByRole('button', { name: 'Connect' }).click();
    await textOf(field('This seat')).toBe('studio-a · editor');
    await textOf(field('Connection')).toBe('Online');
    await textOf(field('Server')).toBe(relayed.href.replace('n0t-shown', '****'));
    expect(await page.content()).not.toContain('n0t-shown');
    await textOf(field('Shared folders')).toContain('None yet');

    await page.getByLabel('Shared root name').fill('SFX');
    await page.getByRole('button', { name: 'Share this folder' }).click();
    await textOf(field('Shared folders')).toBe(`${library} is SFX`);
    expect(await onServer<{ name: string }>(url, 'SELECT name FROM roots')).toEqual([{ name: 'SFX' }]);
    await shots('1-connected');
  });

  it('analyses the shared folder with the other seats from Settings, and says how far it got', async () => {
    const analyse = page.getByRole('button', { name: 'Analyse with the other seats' });
    await expect.poll(() => analyse.isEnabled(), WAIT).toBe(true);
    await analyse.click();
    // The serving process runs the seat (with the installed models), as `hark catalogue analyse` would.
    await textOf(page.getByRole('status', { name: 'Shared analysis progress' })).toBe(
      'Done · 2 files analysed here · 0 files copied from the other seats · the server owes no file',
    );
    expect(await onServer(url, 'SELECT seat, count(*)::int AS n FROM analysis_log GROUP BY seat')).toEqual([
      { seat: 'studio-a', n: 2 },
    ]);
    expect(await onServer(url, 'SELECT status, count(*)::int AS n FROM files GROUP BY status')).toEqual([
      { status: 'analysed', n: 2 },
    ]);
    const info = await page.evaluate(() =>
      fetch('/api/getInfo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(
        (response) => response.json() as Promise<{ analysed: number }>,
      ),
    );
    expect(info.analysed).toBe(2);
    await expect.poll(() => analyse.isEnabled(), WAIT).toBe(true);
    await shots('2-analysed');
  });

  it('stops a run from Settings: the files in hand finished, the rest left on the server for any seat', async () => {
    const more = join(library, 'long');
    mkdirSync(more);
    const total = 40;
    for (let i = 0; i < total; i++) tone(more, `drone_${i}.wav`, { seconds: 20, freq: 100 + i * 10 });
    await page.getByRole('button', { name: 'Analyse with the other seats' }).click();
    const progress = page.getByRole('status', { name: 'Shared analysis progress' });
    await textOf(progress).toContain('Analysing with the other seats');
    await page.getByRole('button', { name: 'Stop' }).click();
    await textOf(progress).toMatch(/^Stopped · \d+ files? analysed here/);
    const text = (await progress.textContent())!;
    const analysed = Number(/(\d+) files? analysed here/.exec(text)![1]);
    const waiting = Number(/on the server: (\d+) waiting, 0 being analysed/.exec(text)![1]);
    expect(analysed + waiting).toBe(total);
    expect(waiting).toBeGreaterThan(0);
    // Nothing stays leased to the stopped seat: another seat may take every file left at once.
    expect(await onServer(url, 'SELECT id FROM files WHERE lease_until > now()')).toEqual([]);
    expect(await onServer(url, "SELECT count(*)::int AS n FROM analysis_log WHERE seat = 'studio-a'")).toEqual([
      { n: 2 + analysed },
    ]);
    await expect
      .poll(() => page.getByRole('button', { name: 'Analyse with the other seats' }).isEnabled(), WAIT)
      .toBe(true);
    await shots('3-stopped');
  });

  it('says when the server is out of reach and what waits for it, then sends it once it is back', async () => {
    // The server knows the files (their tags can be shared): the analysis above registered them.
    await proxy!.cut();
    const tagged = await page.evaluate(async () => {
      const files = await fetch('/api/search', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'door' }),
      }).then((response) => response.json());
      const response = await fetch('/api/tagFiles', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fileIds: [files.hits[0].id], add: ['slam'] }),
      });
      return response.status;
    });
    expect(tagged).toBe(200);
    await page.getByRole('button', { name: 'Check again' }).click();
    await textOf(field('Connection')).toContain('Out of reach:');
    await textOf(field('Edits waiting')).toBe('1 edit (tags, favourites), sent when the server is back');
    await shots('4-offline');

    await proxy!.restore();
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Check again' }).click();
          return (await field('Edits waiting').textContent())?.trim();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('None: the server has every edit made here');
    await textOf(field('Connection')).toBe('Online');
    const changes = await onServer<{ seat: string; added: string[] }>(url, 'SELECT seat, added FROM changes');
    expect(changes).toEqual([{ seat: 'studio-a', added: ['slam'] }]);
    expect(pageErrors).toEqual([]);
  });

  it("disables the button on a reader's seat with why, and the server refuses the call too", async () => {
    const noModels = { HARK_MODELS_DIR: join(dir, 'no-models') };
    await onServer(url, 'CREATE ROLE viewer LOGIN');
    const granted = await runHark(
      ['--db', join(dir, 'library.db'), 'catalogue', 'grant', 'viewer', '--reader'],
      noModels,
    );
    expect(granted.code, granted.stderr).toBe(0);
    const asViewer = new URL(url);
    asViewer.username = 'viewer';
    const readerDb = join(dir, 'reader.db');
    for (const args of [
      ['add', library],
      ['catalogue', 'connect', asViewer.href, '--seat', 'studio-b'],
      ['catalogue', 'map', library, 'SFX'],
    ]) {
      const result = await runHark(['--db', readerDb, ...args], noModels);
      expect(result.code, result.stderr).toBe(0);
    }
    const readerServer = await startServeProcess(readerDb, noModels);
    const main = page;
    try {
      page = await browser.newPage({ viewport: SIZES[0] });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(readerServer.url);
      await page.getByRole('tab', { name: 'Settings' }).click();
      await textOf(field('This seat')).toBe('studio-b · reader (may not change the catalogue)');
      const analyse = page.getByRole('button', { name: 'Analyse with the other seats' });
      await expect.poll(() => analyse.isDisabled(), WAIT).toBe(true);
      await expect.poll(() => page.getByText('This seat is a reader: editor seats analyse').count(), WAIT).toBe(1);
      const refused = await page.evaluate(async () => {
        const response = await fetch('/api/startSharedAnalysis', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return { status: response.status, body: (await response.json()) as { code: string; message: string } };
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      expect(refused.body.message).toContain('may not analyse for it: an editor seat analyses');
      await textOf(page.getByRole('status', { name: 'Shared analysis progress' })).toBe('Not running');
      await analyse.scrollIntoViewIfNeeded();
      await shots('5-reader');
      expect(await onServer(url, "SELECT count(*)::int AS n FROM analysis_log WHERE seat = 'studio-b'")).toEqual([
        { n: 0 },
      ]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
      page = main;
      await readerServer.stop();
    }
  });
});
