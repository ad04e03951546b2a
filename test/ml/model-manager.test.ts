import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  installModel,
  listModels,
  modelFolder,
  modelStatus,
  verifyModel,
  type ModelManifest,
} from '../../src-main/ml/model-manager';
import { parseManifest } from '../../src-main/ml/model-manifest';
import { findProjectRoot, modelsDir } from '../../src-main/ml/models-dir';
import { SHARED } from './helpers';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A tiny model with two real files on a mirror folder laid out like shared/ (models/<id>/...). */
function fakeMirror(root: string): ModelManifest {
  const weights = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
  const licence = 'MIT, for testing';
  mkdirSync(join(root, 'models', 'tiny', 'sub'), { recursive: true });
  writeFileSync(join(root, 'models', 'tiny', 'sub', 'weights.bin'), weights);
  writeFileSync(join(root, 'models', 'tiny', 'LICENSE'), licence);
  return parseManifest({
    id: 'tiny',
    name: 'Tiny test model',
    kind: 'test',
    licence: 'MIT',
    source: 'made by the test',
    files: [
      {
        path: 'sub/weights.bin',
        mirrorPath: 'models/tiny/sub/weights.bin',
        sha256: sha256(weights),
        size: weights.length,
      },
      { path: 'LICENSE', mirrorPath: 'models/tiny/LICENSE', sha256: sha256(licence), size: licence.length },
    ],
  });
}

describe('model manager', () => {
  let dir: string;
  let mirror: string;
  let models: string;
  let tiny: ModelManifest;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hark-models-'));
    mirror = join(dir, 'mirror');
    models = join(dir, 'models');
    tiny = fakeMirror(mirror);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the committed manifests, each file with a sha256 and a size', () => {
    const ids = listModels().map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['efficientat-mn04-as', 'audioset', 'ucs']));
    const mn04 = listModels().find((m) => m.id === 'efficientat-mn04-as')!;
    expect(mn04.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'mn04_as.onnx', 'mn04_as.onnx.data']);
  });

  it('says clearly when a model is missing', async () => {
    const status = await modelStatus(tiny, models);
    expect(status.state).toBe('missing');
    expect(status.message).toContain('not installed');
    expect(status.message).toContain('hark models install tiny');
    await expect(modelStatus('no-such-model', models)).rejects.toThrow(
      /Unknown model "no-such-model".*efficientat-mn04-as/,
    );
  });

  it('installs from a mirror folder, reports progress, and leaves no temporary files', async () => {
    const seen: number[] = [];
    const status = await installModel(tiny, { mirror, modelsDir: models, onProgress: (p) => seen.push(p.bytesDone) });
    expect(status.state).toBe('installed');
    expect(readFileSync(join(models, 'tiny', 'sub', 'weights.bin')).length).toBe(3000);
    expect(seen[seen.length - 1]).toBe(3000 + 'MIT, for testing'.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(readdirSync(join(models, 'tiny', 'sub'))).toEqual(['weights.bin']);
    expect((await modelStatus(tiny, models)).state).toBe('installed');
  });

  it('detects a damaged file: wrong size cheaply, wrong bytes with the full check', async () => {
    await installModel(tiny, { mirror, modelsDir: models });
    const weights = join(modelFolder(tiny, models), 'sub', 'weights.bin');

    const flipped = readFileSync(weights);
    flipped[10]! ^= 0xff;
    writeFileSync(weights, flipped);
    expect((await modelStatus(tiny, models)).state).toBe('installed'); // same size: the cheap check cannot tell
    const verified = await verifyModel(tiny, models);
    expect(verified.state).toBe('corrupt');
    expect(verified.message).toMatch(/sub\/weights\.bin fails its sha256 check/);

    truncateSync(weights, 100);
    const status = await modelStatus(tiny, models);
    expect(status.state).toBe('corrupt');
    expect(status.message).toMatch(/sub\/weights\.bin has the wrong size.*--force/);

    await installModel(tiny, { mirror, modelsDir: models }); // repairs
    expect((await verifyModel(tiny, models)).state).toBe('installed');
  });

  it('refuses a mirror file whose bytes do not match the manifest, keeping nothing', async () => {
    const poisoned = Buffer.alloc(3000, 1); // right size, wrong content
    writeFileSync(join(mirror, 'models', 'tiny', 'sub', 'weights.bin'), poisoned);
    await expect(installModel(tiny, { mirror, modelsDir: models })).rejects.toThrow(/sha256 .* does not match/);
    expect(existsSync(join(models, 'tiny', 'sub', 'weights.bin'))).toBe(false);
    expect(readdirSync(join(models, 'tiny', 'sub'))).toEqual([]);
  });

  it('says which file the mirror lacks', async () => {
    rmSync(join(mirror, 'models', 'tiny', 'LICENSE'));
    await expect(installModel(tiny, { mirror, modelsDir: models })).rejects.toThrow(
      /mirror has no models\/tiny\/LICENSE/,
    );
  });

  it('downloads from an http mirror', async () => {
    const server: Server = createServer((request, response) => {
      const path = join(mirror, ...decodeURIComponent(request.url!).split('/').filter(Boolean));
      if (!existsSync(path)) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(path));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      expect((await installModel(tiny, { mirror: url, modelsDir: models })).state).toBe('installed');
      await expect(
        installModel(
          parseManifest({ ...tiny, id: 'absent', files: [{ ...tiny.files[0], mirrorPath: 'models/absent/x' }] }),
          { mirror: url, modelsDir: models },
        ),
      ).rejects.toThrow(/answered 404/);
    } finally {
      server.close();
    }
  });

  it('installs the real manifests from the shared mirror', async () => {
    for (const id of ['efficientat-mn04-as', 'audioset', 'ucs']) {
      expect((await installModel(id, { mirror: SHARED, modelsDir: models })).state).toBe('installed');
    }
    expect(existsSync(join(models, 'efficientat-mn04-as', 'mn04_as.onnx.data'))).toBe(true);
    expect(existsSync(join(models, 'audioset', 'class_labels_indices.csv'))).toBe(true);
  });

  it('finds the models folder: HARK_MODELS_DIR first, else the checkout', () => {
    const saved = process.env.HARK_MODELS_DIR;
    try {
      process.env.HARK_MODELS_DIR = models;
      expect(modelsDir()).toBe(models);
      delete process.env.HARK_MODELS_DIR;
      const root = findProjectRoot();
      // This checkout: the tests run from its test/ folder.
      expect(root).toBe(resolve(fileURLToPath(new URL('../..', import.meta.url))));
      expect(existsSync(join(root!, 'models', 'efficientat-mn04-as.json'))).toBe(true);
      expect(modelsDir()).toBe(join(root!, 'models'));
    } finally {
      if (saved === undefined) delete process.env.HARK_MODELS_DIR;
      else process.env.HARK_MODELS_DIR = saved;
    }
  });
});
