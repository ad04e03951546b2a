import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolders } from '../../src-main/library/watch';
import { waitFor } from '../helpers/open-core';
import { useTempDirs } from '../helpers/temp';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchFolders', () => {
  const tempDir = useTempDirs();
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  it('calls back once after a burst of changes settles, also for changes in subfolders', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'deeper', 'still'), { recursive: true });
    let calls = 0;
    stops.push(watchFolders([root], () => calls++, 300));
    await pause(100);
    for (let i = 0; i < 5; i++) writeFileSync(join(root, `new-${i}.wav`), 'x');
    writeFileSync(join(root, 'deeper', 'still', 'nested.wav'), 'x');
    await waitFor(() => calls > 0, 10_000);
    await pause(600);
    expect(calls).toBe(1);

    writeFileSync(join(root, 'deeper', 'still', 'nested.wav'), 'changed');
    await waitFor(() => calls > 1, 10_000);
    expect(calls).toBe(2);
  });

  it('skips a folder that is not there and still watches the others', async () => {
    const root = tempDir();
    let calls = 0;
    stops.push(watchFolders([join(root, 'unmounted'), root], () => calls++, 100));
    await pause(100);
    writeFileSync(join(root, 'a.wav'), 'x');
    await waitFor(() => calls === 1, 10_000);
    expect(calls).toBe(1);
  });

  it('calls nothing once stopped, not even for a change already waiting to settle', async () => {
    const root = tempDir();
    let calls = 0;
    const stop = watchFolders([root], () => calls++, 200);
    await pause(100);
    writeFileSync(join(root, 'a.wav'), 'x');
    await pause(50);
    stop();
    writeFileSync(join(root, 'b.wav'), 'x');
    await pause(500);
    expect(calls).toBe(0);
  });
});
