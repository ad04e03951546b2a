import { spawnSync } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

// `npx hark` as a person types it in the project: npm runs on the system's Node (any recent one), then the hark
// command on the Node the project pins. Neither may print npm warnings on every call.
describe('npx hark', () => {
  it('runs without an npm warning', () => {
    // The PATH of a shell outside npm: without the project's node_modules/.bin, which `npm test` puts first.
    const PATH = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => !dir.includes('node_modules'))
      .join(delimiter);
    const run = spawnSync('npx', ['--no-install', 'hark', '--version'], {
      cwd: PROJECT,
      env: { ...process.env, PATH },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run.stderr).not.toMatch(/npm warn/i);
  });
});
