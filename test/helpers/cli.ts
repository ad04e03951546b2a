import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HARK_BIN = fileURLToPath(new URL('../../bin/hark.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real, built `hark` command as a separate process. */
export function runHark(args: string[], env: Record<string, string> = {}, options: { asNobody?: boolean } = {}): CliResult {
  const command = [process.execPath, HARK_BIN, ...args];
  // Root reads every file whatever its mode; to see an unreadable file, run as an ordinary user.
  const full = options.asNobody && process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...command] : command;
  const result = spawnSync(full[0]!, full.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function startHark(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [HARK_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}
