import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicatesResult } from '../../../src-main/api/contract';
import { Hark } from '../../../src-main/app/hark';
import { catalogueProbe } from '../../../src-main/app/catalogue-probe';
import { modelsDir } from '../../../src-main/ml/model-manager';
import { sonicPi, undecodableWav } from '../../helpers/sounds';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

// Real files made from Debian's CC0 sonic-pi samples, indexed with the real audio model (its features are what
// near duplicates are judged by).
describe('duplicate detection on real files', () => {
  let dir: string;
  let pack: string;
  let hark: Hark;
  let result: DuplicatesResult;
  const names = (kind: 'exact' | 'near') =>
    result.groups.filter((group) => group.kind === kind).map((group) => group.files.map((file) => file.name).sort());

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-duplicates-'));
    pack = join(dir, 'library', 'pack');
    const other = join(dir, 'library', 'pack b');
    mkdirSync(pack, { recursive: true });
    mkdirSync(other, { recursive: true });
    const flac = sonicPi(dir, 'bd_haus.flac');
    execFileSync('sox', [flac, join(pack, 'kick.wav')]);
    // The same audio in another container, and re-exported with other tags and an extra chunk: exact.
    execFileSync('flac', ['-s', '-8', join(pack, 'kick.wav'), '-o', join(other, 'kick copy.flac')]);
    copyFileSync(join(pack, 'kick.wav'), join(other, 'kick tagged.wav'));
    // Re-encoded and re-levelled copies: near, never exact.
    execFileSync('lame', ['--quiet', '-b', '192', join(pack, 'kick.wav'), join(other, 'kick.mp3')]);
    execFileSync('sox', [join(pack, 'kick.wav'), join(other, 'kick quieter.wav'), 'vol', '-6dB']);
    // Different sounds of the same pack, one of them the kick the features find closest: never grouped.
    sonicPi(pack, 'bd_fat.flac');
    sonicPi(pack, 'elec_blip.flac');
    sonicPi(pack, 'elec_blip2.flac');
    hark = await Hark.open({
      dbPath: join(dir, 'library.db'),
      modelsDir: modelsDir(),
      probe: catalogueProbe(null),
      workers: 0,
      keywordOnly: true,
    });
    await hark.addRoot({ path: join(dir, 'library') });
    await hark.writeFileMeta({ path: join(other, 'kick tagged.wav'), description: 'Re-exported by pack B' });
    await hark.indexNow();
    result = await hark.findDuplicates({});
  }, 120_000);
  afterAll(() => {
    hark?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('groups the same audio across WAV, FLAC and changed tags as exact, keeping the lossless largest', () => {
    expect(names('exact')).toEqual([['kick copy.flac', 'kick tagged.wav', 'kick.wav']]);
    const exact = result.groups.find((group) => group.kind === 'exact')!;
    expect(exact.files[0]!.id).toBe(exact.keeperId);
    expect(exact.files[0]!.name).toBe('kick tagged.wav'); // the bext chunk makes it the largest of equals
    expect(exact.keeperReason).toBe('largest file');
    expect(exact.files.every((file) => file.similarity === null && !file.marked)).toBe(true);
  });

  it('groups the re-encode and the -6 dB copy as near, with the exact group through its keeper only', () => {
    expect(names('near')).toEqual([['kick quieter.wav', 'kick tagged.wav', 'kick.mp3']]);
    const near = result.groups.find((group) => group.kind === 'near')!;
    expect(near.files[0]!.name).toBe('kick tagged.wav');
    for (const file of near.files) expect(file.similarity).toBeGreaterThan(0.95);
    expect(result).toMatchObject({ exactGroups: 1, nearGroups: 1, files: 8, notAnalysed: 0, unreadable: [] });
  });

  it('never groups different sounds, and a second run decodes nothing new', async () => {
    const grouped = result.groups.flatMap((group) => group.files.map((file) => file.name));
    for (const name of ['bd_fat.flac', 'elec_blip.flac', 'elec_blip2.flac']) expect(grouped).not.toContain(name);
    expect(result.hashed).toBeGreaterThanOrEqual(3);
    const again = await hark.findDuplicates({});
    expect(again.hashed).toBe(0);
    expect(again.groups).toEqual(result.groups);
  });

  it('only looks under the folder asked, and only at one kind when asked', async () => {
    const inPack = await hark.findDuplicates({ folder: pack });
    expect(inPack.files).toBe(4);
    expect(inPack.groups).toEqual([]);
    const exactOnly = await hark.findDuplicates({ kind: 'exact' });
    expect(exactOnly.groups.map((group) => group.kind)).toEqual(['exact']);
    await expect(hark.findDuplicates({ folder: 'pack' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('keeps one by putting the others in "Duplicates to remove", and never touches the files', async () => {
    const exact = result.groups.find((group) => group.kind === 'exact')!;
    const keep = exact.files.find((file) => file.name === 'kick copy.flac')!;
    const kept = await hark.keepDuplicate({ keep: keep.id, fileIds: exact.files.map((file) => file.id) });
    expect(kept.collection).toMatchObject({ name: 'Duplicates to remove', fileCount: 2 });
    expect(kept.marked).toHaveLength(2);
    const after = (await hark.findDuplicates({ kind: 'exact' })).groups[0]!;
    expect(
      after.files
        .filter((file) => file.marked)
        .map((file) => file.name)
        .sort(),
    ).toEqual(['kick tagged.wav', 'kick.wav']);
    // The kept file leads its exact group now, and stands for it in the near group in place of the marked keeper.
    expect(after).toMatchObject({ keeperId: keep.id, keeperReason: 'kick tagged.wav is marked for removal' });
    const near = (await hark.findDuplicates({ kind: 'near' })).groups[0]!;
    expect(near.files.map((file) => file.name).sort()).toEqual(['kick copy.flac', 'kick quieter.wav', 'kick.mp3']);
    // A change of mind: the file kept now leaves the collection.
    const other = exact.files.find((file) => file.name === 'kick.wav')!;
    const changed = await hark.keepDuplicate({ keep: other.id, fileIds: exact.files.map((file) => file.id) });
    expect(changed.collection.fileCount).toBe(2);
    expect(changed.marked).toEqual([keep.id]);
    await expect(hark.keepDuplicate({ keep: other.id, fileIds: [other.id] })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(hark.keepDuplicate({ keep: other.id, fileIds: [999_999] })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('skips and reports a file that cannot be decoded, without failing the rest', async () => {
    const broken = undecodableWav(pack, 'broken.wav');
    copyFileSync(broken, join(pack, 'broken twin.wav'));
    await hark.indexNow();
    const withBroken = await hark.findDuplicates({});
    expect(withBroken.unreadable.map((failure) => failure.path).sort()).toEqual([
      join(pack, 'broken twin.wav'),
      broken,
    ]);
    expect(withBroken.exactGroups).toBe(1);
    // The reason is kept with the file's version: not decoded again.
    expect((await hark.findDuplicates({})).hashed).toBe(0);
  });
});
