// End to end: browsing a library of 450 files (past the 200 of one page) in Debian's Chromium against the real
// `hark serve`: the count is true, End reaches the last file, and the list holds every one. The files are tiny real
// WAVs, catalogued by the built CLI (browsing needs no analysis).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../src-main/audio/wav-encode';
import { runHark } from '../helpers/cli';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const WAIT = { timeout: 15_000, interval: 100 };
const FILES = 450;

let work: string;
let server: ServeProcess | undefined;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

describe('browsing a library larger than a page', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'hark-e2e-browse-'));
    for (let i = 0; i < FILES; i++) {
      const folder = join(work, 'Sounds', `Pack ${String(Math.floor(i / 150) + 1)}`);
      if (i % 150 === 0) mkdirSync(folder, { recursive: true });
      // 50 ms of a tone of its own, so no two files are the same audio.
      const samples = Float32Array.from(
        { length: 2205 },
        (_, t) => 0.3 * Math.sin((2 * Math.PI * (200 + i) * t) / 44100),
      );
      writeFileSync(join(folder, `take_${String(i).padStart(3, '0')}.wav`), encodeWav([samples], 44100, 'int16'));
    }
    const db = join(work, 'library.db');
    expect((await runHark(['--db', db, 'add', join(work, 'Sounds')])).code).toBe(0);
    expect((await runHark(['--db', db, 'index', '--no-analyse'])).code).toBe(0);
    server = await startServeProcess(db);
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

  it('counts every file, and End reaches the last of them', async () => {
    const results = page.getByRole('listbox', { name: /^Results/ });
    await expect.poll(() => page.locator('#search-status').textContent(), WAIT).toMatch(new RegExp(`^${FILES} sounds`));
    await results.getByRole('option').first().click();
    await page.keyboard.press('End');
    const selected = results.locator('[role="option"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('aria-posinset'), WAIT).toBe(String(FILES));
    expect(await selected.getAttribute('aria-setsize')).toBe(String(FILES));
    await expect.poll(() => selected.locator('.name').textContent(), WAIT).toMatch(/take_\d{3}\.wav/);
    // Browsing ranks nothing, so the side panel states no score for the file.
    await expect.poll(() => page.getByText('Why this sound').count(), WAIT).toBe(1);
    expect(await page.getByText(/^\s*Score 0/).count()).toBe(0);
    // Every file is in the list once: the names of the first and last pages and the middle ones differ.
    const lastName = (await selected.locator('.name').textContent())!.trim();
    await page.keyboard.press('Home');
    await expect.poll(() => selected.getAttribute('aria-posinset'), WAIT).toBe('1');
    expect((await selected.locator('.name').textContent())!.trim()).not.toBe(lastName);
    for (const size of [
      { width: 1024, height: 700 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.keyboard.press('End');
      await expect.poll(() => selected.getAttribute('aria-posinset'), WAIT).toBe(String(FILES));
      await page.screenshot({ path: join(SHOTS, `15-browse-end-${size.width}x${size.height}.png`) });
    }
    expect(pageErrors).toEqual([]);
  });
});
