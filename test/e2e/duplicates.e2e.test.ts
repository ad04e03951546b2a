// End to end: the Duplicates screen in Debian's Chromium against the real `hark serve`, on a library of real files
// indexed with the installed audio model by the built CLI. Screenshots at 1024x700 and 1920x1080 go to
// test-results/screenshots/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHark } from '../helpers/cli';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { sonicPi } from '../helpers/sounds';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const WAIT = { timeout: 15_000, interval: 100 };
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
];

let work: string;
let server: ServeProcess | undefined;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const media: number[] = [];

const textOf = (locator: Locator) =>
  expect.poll(() => locator.textContent().then((t) => (t ?? '').replace(/\s+/g, ' ').trim()), WAIT);

async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // Nothing runs off the side at either size.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    await page.screenshot({ path: join(SHOTS, `duplicates-${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SIZES[0]!);
}

describe('the Duplicates screen', () => {
  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/renderer/index.html')), 'run `npm run build` first').toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'hark-e2e-duplicates-'));
    const pack = join(work, 'Sounds', 'Pack A');
    const reexport = join(work, 'Sounds', 'Pack B (re-export)');
    mkdirSync(pack, { recursive: true });
    mkdirSync(reexport, { recursive: true });
    const kick = join(pack, 'kick_haus.wav');
    execFileSync('sox', [sonicPi(work, 'bd_haus.flac'), kick]);
    execFileSync('flac', ['-s', kick, '-o', join(reexport, 'kick_haus.flac')]);
    copyFileSync(kick, join(reexport, 'kick_haus_tagged.wav'));
    execFileSync('lame', ['--quiet', kick, join(reexport, 'kick_haus.mp3')]);
    execFileSync('sox', [kick, join(reexport, 'kick_haus_quiet.wav'), 'vol', '-6dB']);
    const bell = join(pack, 'bell.wav');
    execFileSync('sox', [sonicPi(work, 'elec_bell.flac'), bell]);
    execFileSync('oggenc', ['-Q', bell, '-o', join(reexport, 'bell.ogg')]);
    sonicPi(pack, 'bd_fat.flac');
    sonicPi(pack, 'elec_blip.flac');
    const db = join(work, 'library.db');
    expect(
      (
        await runHark([
          '--db',
          db,
          'meta',
          'set',
          join(reexport, 'kick_haus_tagged.wav'),
          '--description',
          'Kick, re-exported',
        ])
      ).code,
    ).toBe(0);
    expect((await runHark(['--db', db, 'add', join(work, 'Sounds')])).code).toBe(0);
    expect((await runHark(['--db', db, 'index'])).code).toBe(0);
    server = await startServeProcess(db);
    const url = server.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    });
    page = await browser.newPage({ viewport: SIZES[0] });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('response', (response) => {
      if (response.url().includes('/media/')) media.push(response.status());
    });
    await page.goto(url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists the exact and near groups with their count and suggested keepers', async () => {
    await page.getByRole('tab', { name: 'Duplicates' }).click();
    await textOf(page.locator('.count')).toBe('3 groups (1 exact, 2 near) among 9 files');
    const groups = page.getByRole('list', { name: 'Duplicate groups' }).locator(':scope > li');
    await expect.poll(() => groups.count(), WAIT).toBe(3);
    await textOf(groups.nth(0).locator('h3')).toBe('Exact 3 files · suggested: kick_haus_tagged.wav (largest file)');
    const names = async (i: number) => (await groups.nth(i).locator('.file-name').allTextContents()).sort();
    expect(await names(0)).toEqual(['kick_haus.flac', 'kick_haus.wav', 'kick_haus_tagged.wav']);
    const near = [await names(1), await names(2)];
    expect(near).toContainEqual(['kick_haus.mp3', 'kick_haus_quiet.wav', 'kick_haus_tagged.wav']);
    expect(near).toContainEqual(['bell.ogg', 'bell.wav']);
    await expect.poll(() => page.getByText('bd_fat.flac').count(), WAIT).toBe(0);
    await shots('1-groups');
  });

  it('plays a file from its row', async () => {
    const play = page.getByRole('button', { name: 'Play kick_haus.flac' });
    await play.click();
    await expect.poll(() => media.some((status) => status === 200 || status === 206), WAIT).toBe(true);
    await page.getByRole('button', { name: 'Stop kick_haus.flac' }).click();
  });

  it('keeps the chosen file and marks the others for removal, in the library only', async () => {
    const exact = page.getByRole('list', { name: 'Duplicate groups' }).locator(':scope > li').nth(0);
    await exact.locator('li', { hasText: 'kick_haus.flac' }).getByRole('button', { name: 'Keep this one' }).click();
    await textOf(page.locator('.notice')).toContain(
      'Keeping kick_haus.flac: 2 file(s) added to "Duplicates to remove"',
    );
    await textOf(exact.locator('h3')).toBe('Exact 3 files · kept: kick_haus.flac');
    await expect.poll(() => exact.locator('.badge.removal').count(), WAIT).toBe(2);
    const collections = await page.evaluate(async () => {
      const response = await fetch('/api/listCollections', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return response.json();
    });
    expect(collections).toEqual([expect.objectContaining({ name: 'Duplicates to remove', fileCount: 2 })]);
    expect(existsSync(join(work, 'Sounds', 'Pack A', 'kick_haus.wav'))).toBe(true);
    await shots('2-kept');
    expect(pageErrors).toEqual([]);
  });
});
