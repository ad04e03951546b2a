import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const HARK_BIN = fileURLToPath(new URL('../../bin/hark.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real, built `hark` command as a separate process. Asynchronous on purpose: a synchronous spawn would
 * block the test worker's event loop for the whole command and starve the test runner's own messages.
 */
export function runHark(
  args: string[],
  env: Record<string, string> = {},
  options: { asNobody?: boolean } = {},
): Promise<CliResult> {
  const command = [process.execPath, HARK_BIN, ...args];
  // Root reads every file whatever its mode; to see an unreadable file, run as an ordinary user.
  const full =
    options.asNobody && process.getuid?.() === 0
      ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command]
      : command;
  return new Promise((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    collect(child, resolve, reject);
  });
}

export function startHark(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [HARK_BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs the built `hark` with its standard output into a real pipe (`hark ... | READER` in bash), as a person's shell
 * does; `runHark`'s own pipe is a socket pair, which is both bigger and read at once. The exit code is hark's
 * (pipefail) unless the reader fails; stdout is what the reader printed.
 */
export function runHarkPiped(args: string[], reader: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; "$@" | ${reader}`, 'bash', process.execPath, HARK_BIN, ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    collect(child, resolve, reject);
  });
}

/** A child's whole output and exit code; killed after two minutes so a hung command fails its test. */
function collect(
  child: ChildProcessByStdio<null, Readable, Readable>,
  resolve: (result: CliResult) => void,
  reject: (error: Error) => void,
): void {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.on('error', reject);
  child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, stdout, stderr });
  });
}
