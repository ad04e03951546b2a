import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSystemError, systemErrorMessage } from '../../src-main/cli/os-errors';
import { runHark } from '../helpers/cli';
import { useTempDirs } from '../helpers/temp';

/** The error a real system call throws. */
function thrownBy(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call did not fail');
}

describe('system errors in the CLI', () => {
  const tempDir = useTempDirs();

  it('says what failed on what, in one line, for real errors of the file system', () => {
    const dir = tempDir();
    const missing = thrownBy(() => openSync(join(dir, 'no', 'such.csv'), 'w'));
    expect(isSystemError(missing)).toBe(true);
    expect(systemErrorMessage(missing as never)).toBe(
      `cannot open ${join(dir, 'no', 'such.csv')}: no such file or folder (ENOENT)`,
    );
    const folder = thrownBy(() => writeFileSync(dir, 'x'));
    expect(systemErrorMessage(folder as never)).toBe(`cannot open ${dir}: it is a folder, not a file (EISDIR)`);
    mkdirSync(join(dir, 'made'));
    const exists = thrownBy(() => mkdirSync(join(dir, 'made')));
    expect(systemErrorMessage(exists as never)).toBe(
      `cannot make the folder ${join(dir, 'made')}: it already exists (EEXIST)`,
    );
    expect(isSystemError(new Error('plain'))).toBe(false);
  });

  it('ends `hark export-csv` into a missing folder with the reason and exit 1, not a stack trace', async () => {
    const dir = tempDir();
    const db = join(dir, 'library.db');
    const target = join(dir, 'nonexistent', 'x.csv');
    const run = await runHark(['--db', db, 'export-csv', target], { HARK_MODELS_DIR: join(dir, 'models') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`hark: cannot open ${target}: no such file or folder (ENOENT)\n`);
  });

  it('ends `hark serve` on a busy port with the port and what to do', async () => {
    const dir = tempDir();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const run = await runHark(['--db', join(dir, 'library.db'), 'serve', '--port', String(port)], {
        HARK_MODELS_DIR: join(dir, 'models'),
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `hark: port ${port} on 127.0.0.1 is already in use: choose another with --port (EADDRINUSE)\n`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });
});
