import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hark } from '../../src-main/app/hark';
import { startServer, type RunningServer } from '../../src-main/serve/http-server';
import { openTestCore } from '../helpers/open-core';
import { tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// findDuplicates and keepDuplicate over `hark serve`: checked by app/validate.ts before the core sees them.
describe('duplicates over HTTP', () => {
  const tempDir = useTempDirs();
  let running: RunningServer | null = null;
  let core: Hark | null = null;
  afterEach(async () => {
    await running?.close();
    core?.close();
    running = core = null;
  });

  it('lists exact duplicates, keeps one, and refuses malformed requests with 400 or 404', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const wav = tone(library, 'beep.wav', { freq: 880 });
    copyFileSync(wav, join(library, 'beep copy.wav'));
    execFileSync('flac', ['-s', wav, '-o', join(library, 'beep.flac')]);
    tone(library, 'other.wav', { freq: 220 });
    core = await openTestCore(dir);
    await core.addRoot({ path: library });
    await core.indexNow(false);
    running = await startServer(core, { rendererDir: join(dir, 'no-renderer') });
    const base = `http://127.0.0.1:${running.port}`;
    const call = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${running!.token}`, Origin: base, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };

    const found = await call('findDuplicates', {});
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ exactGroups: 1, nearGroups: 0, files: 4, notAnalysed: 4, unreadable: [] });
    const group = found.body.groups[0];
    expect(group.files.map((file: { name: string }) => file.name).sort()).toEqual([
      'beep copy.wav',
      'beep.flac',
      'beep.wav',
    ]);
    expect((await call('findDuplicates', { folder: library, kind: 'exact' })).body.exactGroups).toBe(1);

    const ids = group.files.map((file: { id: number }) => file.id);
    const kept = await call('keepDuplicate', { keep: group.keeperId, fileIds: ids });
    expect(kept.status).toBe(200);
    expect(kept.body.collection).toMatchObject({ name: 'Duplicates to remove', fileCount: 2 });

    const refused: [string, unknown, number, string][] = [
      ['findDuplicates', { kind: 'similar' }, 400, 'findDuplicates.kind must be one of exact, near'],
      ['findDuplicates', { folder: 3 }, 400, 'findDuplicates.folder must be a string'],
      ['findDuplicates', { folder: 'library' }, 400, 'folder must be an absolute path (got "library").'],
      ['findDuplicates', { delete: true }, 400, 'findDuplicates.delete is not a known field'],
      ['keepDuplicate', { keep: 1.5, fileIds: ids }, 400, 'keepDuplicate.keep must be an integer'],
      ['keepDuplicate', { keep: ids[0], fileIds: 'all' }, 400, 'keepDuplicate.fileIds must be a list'],
      [
        'keepDuplicate',
        { keep: ids[0], fileIds: [ids[0]] },
        400,
        'fileIds must name at least one file besides the one to keep',
      ],
      ['keepDuplicate', { keep: ids[0], fileIds: [424242] }, 404, 'No file with id 424242.'],
    ];
    for (const [method, body, status, message] of refused)
      expect(await call(method, body)).toMatchObject({ status, body: { message } });
  });
});
