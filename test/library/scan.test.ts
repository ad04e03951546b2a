import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsPath } from '../../src-main/base/path-bytes';
import { walkAudioFiles, type WalkProblem } from '../../src-main/library/scan';
import { tempPathFor } from '../../src-main/metadata/temp-files';
import { useTempDirs } from '../helpers/temp';

async function walk(root: string) {
  const problems: WalkProblem[] = [];
  const files: string[] = [];
  for await (const file of walkAudioFiles(root, (p) => problems.push(p))) files.push(file.path.slice(root.length + 1));
  return { files, problems };
}

describe('walkAudioFiles', () => {
  const tempDir = useTempDirs();

  it('finds audio files in nested folders, in name order, skipping other files and hidden folders', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'b/deeper'), { recursive: true });
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, '.cache'));
    for (const name of ['a/1.wav', 'b/2.FLAC', 'b/deeper/3.mp3', 'b/notes.txt', '.cache/x.wav', 'top.aif']) {
      writeFileSync(join(root, name), 'x');
    }
    const { files, problems } = await walk(root);
    expect(files).toEqual(['top.aif', 'a/1.wav', 'b/2.FLAC', 'b/deeper/3.mp3']);
    expect(problems).toEqual([]);
  });

  it('survives a symlink loop and visits each real folder once', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub/a.wav'), 'x');
    symlinkSync(root, join(root, 'sub/loop'));
    symlinkSync(join(root, 'sub'), join(root, 'alias'));
    const { files } = await walk(root);
    expect(files.filter((f) => f.endsWith('a.wav'))).toHaveLength(1);
  });

  it('reports a dangling symlink and goes on', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'ok.wav'), 'x');
    symlinkSync(join(root, 'gone.wav'), join(root, 'dangling.wav'));
    const { files, problems } = await walk(root);
    expect(files).toEqual(['ok.wav']);
    expect(problems).toEqual([{ path: join(root, 'dangling.wav'), reason: 'vanished during the scan' }]);
  });

  it('reports a root that does not exist', async () => {
    const root = join(tempDir(), 'unplugged-drive');
    const { files, problems } = await walk(root);
    expect(files).toEqual([]);
    expect(problems[0]).toEqual({ path: root, reason: 'vanished during the scan' });
  });

  it('reports a file deleted between listing and stat', async () => {
    const root = tempDir();
    for (const name of ['a.wav', 'b.wav', 'c.wav']) writeFileSync(join(root, name), 'x');
    const problems: WalkProblem[] = [];
    const seen: string[] = [];
    for await (const file of walkAudioFiles(root, (p) => problems.push(p))) {
      seen.push(file.path);
      // The folder listing is already read: b.wav disappears after it was listed.
      if (file.path.endsWith('a.wav')) rmSync(join(root, 'b.wav'));
    }
    expect(seen.map((p) => p.slice(root.length + 1))).toEqual(['a.wav', 'c.wav']);
    expect(problems).toEqual([{ path: join(root, 'b.wav'), reason: 'vanished during the scan' }]);
  });

  it('finds files and folders whose names are not UTF-8, under paths that open them again', async () => {
    const root = tempDir();
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    // A folder "Geräusche" and a file "café.flac", both named in Latin-1 (e4, e9: no UTF-8 sequence).
    const folder = Buffer.concat([Buffer.from(`${root}/`), latin1('Geräusche')]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, latin1('/café.flac')]), 'flac bytes');
    writeFileSync(join(root, 'plain.wav'), 'wav bytes');
    const problems: WalkProblem[] = [];
    const paths: string[] = [];
    for await (const file of walkAudioFiles(root, (p) => problems.push(p))) paths.push(file.path);
    expect(problems).toEqual([]);
    expect(paths).toEqual([join(root, 'plain.wav'), join(root, 'Ger\uefe4usche', 'caf\uefe9.flac')]);
    expect(readFileSync(fsPath(paths[1]!), 'utf8')).toBe('flac bytes');
  });

  it('removes the temp files of killed metadata writes, and only those', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'door.wav'), 'x');
    // A process that has ended: its pid is free (a reused pid would only keep the file, the safe side).
    const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout.trim());
    const killed = tempPathFor(join(root, 'door.wav')).replace(`-${process.pid}-`, `-${deadPid}-`);
    const live = tempPathFor(join(root, 'door.wav')); // this process's own: a write in progress
    const others = ['.door.wav.tmp', '.door.wav.hark-1234abcd.tmp', 'notes.hark-000000-1-00000000.tmp'];
    for (const path of [killed, live, ...others.map((name) => join(root, name))]) writeFileSync(path, 'copy');
    // Left by a Hark from before temp names said whose they are, untouched for two days: abandoned.
    const legacy = join(root, '.door.wav.hark-0123abcd.tmp');
    writeFileSync(legacy, 'copy');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(legacy, twoDaysAgo, twoDaysAgo);
    const { files } = await walk(root);
    expect(files).toEqual(['door.wav']);
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    expect(readdirSync(root).sort()).toEqual([...others, 'door.wav', live.slice(root.length + 1)].sort());
  });
});
