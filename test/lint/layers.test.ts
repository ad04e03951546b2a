// The layering rule on real paths of this repository: what each zone may and may not import.
import { Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module without types
import { layerRule, repositoryRoot } from '../../lint/layers.mjs';

const linter = new Linter({ configType: 'flat' });

function problems(file: string, source: string): string[] {
  const messages = linter.verify(
    source,
    [
      {
        files: ['**/*.ts', '**/*.mjs'],
        languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
        plugins: { hark: { rules: { layers: layerRule } } },
        rules: { 'hark/layers': 'error' },
      },
    ],
    { filename: path.join(repositoryRoot, file) },
  );
  return messages.map((message) => message.message);
}

describe('layer zones', () => {
  it('lets the service compose the core and the CLI call the service', () => {
    expect(
      problems('src-main/app/x.ts', "import { a } from '../store/files';\nimport { b } from '../search/searcher';"),
    ).toEqual([]);
    expect(
      problems('src-main/cli/x.ts', "import { Hark } from '../app/hark';\nimport type { A } from '../api/contract';"),
    ).toEqual([]);
  });

  it('refuses a transport reaching past the service into the core', () => {
    expect(problems('src-main/cli/x.ts', "import { getFileRow } from '../store/files';")).toEqual([
      'src-main/cli may not import from src-main/store (it may import: src-main/api, src-main/base, src-main/app, src-main/serve).',
    ]);
    expect(problems('src-main/serve/x.ts', "export { x } from '../library/roots';")).toHaveLength(1);
  });

  it('refuses imports that point up the layers', () => {
    expect(problems('src-main/store/x.ts', "import { Searcher } from '../search/searcher';")).toHaveLength(1);
    expect(problems('src-main/audio/x.ts', "import { Hark } from '../app/hark';")).toHaveLength(1);
    expect(problems('src-main/api/contract.ts', "import { x } from '../base/errors';")).toHaveLength(1);
    expect(problems('src-main/search/label-bridge/x.ts', "const m = await import('../../app/hark');")).toHaveLength(1);
  });

  it('keeps the renderer on the contract alone', () => {
    expect(problems('src-renderer/lib/x.ts', "import type { SearchHit } from '../../src-main/api/contract';")).toEqual(
      [],
    );
    expect(problems('src-renderer/lib/x.ts', "import { Hark } from '../../src-main/app/hark';")).toHaveLength(1);
  });

  it('gives electron to the shell and better-sqlite3 to the store', () => {
    expect(problems('src-main/shell/main.ts', "import { app } from 'electron';")).toEqual([]);
    expect(problems('src-main/app/x.ts', "import { app } from 'electron';")).toEqual([
      "'electron' belongs to src-main/shell; src-main/app goes through it.",
    ]);
    expect(problems('src-main/store/database.ts', "import Database from 'better-sqlite3';")).toEqual([]);
    expect(problems('src-main/search/x.ts', "import Database from 'better-sqlite3';")).toHaveLength(1);
  });

  it('gives pg (the shared catalogue) to the store alone', () => {
    expect(problems('src-main/store/shared/connection.ts', "import pg from 'pg';")).toEqual([]);
    expect(problems('src-main/library/x.ts', "import type { Pool } from 'pg';")).toEqual([
      "'pg' belongs to src-main/store; src-main/library goes through it.",
    ]);
  });

  it('leaves tests and scripts free', () => {
    expect(
      problems(
        'test/store/x.test.ts',
        "import Database from 'better-sqlite3';\nimport { Hark } from '../../src-main/app/hark';",
      ),
    ).toEqual([]);
  });
});
