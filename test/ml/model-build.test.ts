import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installModel, modelStatus } from '../../src-main/ml/model-manager';
import { parseManifest } from '../../src-main/ml/model-manifest';

// A model no mirror holds, built by a project script from its recipe: here test/fixtures/build-recipe.py, which
// writes one file the way the MiniLM recipe (training/text_tower/build.py) writes the text tower.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CONTENT = 'built by the recipe\n';

function manifest(expected: string) {
  return parseManifest({
    id: 'built',
    name: 'A built model',
    kind: 'test',
    licence: 'MIT',
    source: 'test/fixtures/build-recipe.py',
    build: { script: 'test/fixtures/build-recipe.py', package: 'none', version: '0', sha256: '0'.repeat(64) },
    files: [{ path: 'out.txt', mirrorPath: 'models/built/out.txt', sha256: sha256(expected), size: expected.length }],
  });
}

describe('installModel from a build recipe', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hark-build-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds what no mirror holds, checks it against the manifest and installs it', async () => {
    const notes: string[] = [];
    const emptyMirror = join(dir, 'mirror');
    const status = await installModel(manifest(CONTENT), {
      mirror: emptyMirror,
      modelsDir: dir,
      log: (line) => notes.push(line),
    });
    expect(status.state).toBe('installed');
    expect(readFileSync(join(dir, 'built', 'out.txt'), 'utf-8')).toBe(CONTENT);
    expect(notes.join('\n')).toMatch(/building built from PyPI none 0/);
    // Installed files that verify are never rebuilt.
    notes.length = 0;
    await installModel(manifest(CONTENT), { modelsDir: dir, log: (line) => notes.push(line) });
    expect(notes).toEqual([]);
  });

  it('refuses a build whose files hash otherwise, and leaves nothing that looks installed', async () => {
    await expect(installModel(manifest('something else\n'), { modelsDir: dir, log: () => {} })).rejects.toThrow(
      /gave out.txt with sha256 [0-9a-f]{64}, the manifest expects/,
    );
    expect((await modelStatus(manifest('x'), dir)).state).toBe('missing');
    expect(readdirSync(dir).filter((name) => name.startsWith('built'))).toEqual([]);
  });

  it('passes a failing recipe’s own error on', async () => {
    writeFileSync(join(dir, 'fail'), '');
    process.env.BUILD_RECIPE_FAIL = '1';
    try {
      await expect(installModel(manifest(CONTENT), { modelsDir: dir, log: () => {} })).rejects.toThrow(
        /failed \(exit 3\): the recipe was told to fail/,
      );
    } finally {
      delete process.env.BUILD_RECIPE_FAIL;
    }
    expect(existsSync(join(dir, 'built', 'out.txt'))).toBe(false);
  });
});
