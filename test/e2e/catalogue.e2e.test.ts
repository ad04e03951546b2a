// End to end: the shared catalogue in Settings, in Debian's Chromium against the real `hark serve` and a real
// PostgreSQL: connect, share a folder, then lose the server (a relay the test cuts), tag a file, and come back.
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

  it('says when the server is out of reach and what waits for it, then sends it once it is back', async () => {
    // The server must know the files before their tags can be shared: the seat registers them.
    const registered = await runHark(['--db', join(dir, 'library.db'), 'catalogue', 'analyse'], {
      HARK_MODELS_DIR: join(dir, 'no-models'),
    });
    expect(registered.code, registered.stderr).toBe(0);
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
    await shots('2-offline');

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
});
