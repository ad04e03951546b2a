import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMetadata } from '../../src-main/metadata/write';
import { runHark } from '../helpers/cli';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';
import { installedDir } from '../helpers/models';
import { parseCsv } from '../helpers/csv';

// Runs the built CLI (`npm run build` first). The models folder holds only the UCS table, so no model loads.
describe('hark meta / caption / rename / export-csv', () => {
  const tempDir = useTempDirs();

  async function setUp() {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const door = tone(library, 'door.wav', { seconds: 1 });
    const kick = sonicPi(library, 'bd_haus.flac', 'kick.flac');
    const models = join(dir, 'models');
    mkdirSync(join(models, 'ucs'), { recursive: true });
    copyFileSync(join(installedDir('ucs'), 'en.json'), join(models, 'ucs', 'en.json'));
    const env = { HARK_MODELS_DIR: models };
    const db = join(dir, 'library.db');
    const hark = (...args: string[]) => runHark(['--db', db, ...args], env);
    expect((await hark('add', library)).code).toBe(0);
    // One worker: two files keep both of its lanes busy (see the report on indexer lanes outrunning the list).
    expect((await hark('index', '--workers', '1')).code).toBe(0);
    return { dir, library, door, kick, hark };
  }

  it('sets a description, keywords and CatID in the file and reads them back with the library view', async () => {
    const { door, hark } = await setUp();
    const set = await hark(
      'meta',
      'set',
      door,
      '--description',
      'Heavy oak door slam',
      '--keywords',
      'door, slam, oak',
      '--catid',
      'doorwood',
    );
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toContain(`into ${door}`);

    const got = JSON.parse((await hark('meta', 'get', door, '--json')).stdout);
    expect(got.metadata).toMatchObject({
      description: 'Heavy oak door slam',
      keywords: 'door, slam, oak',
      catId: 'DOORWood',
      'bext.Description': 'Heavy oak door slam',
    });
    expect(got.library.caption).toMatchObject({
      source: 'person',
      description: 'Heavy oak door slam',
      catId: 'DOORWood',
    });
    expect(got.library.ucs).toMatchObject({ catId: 'DOORWood', category: 'DOORS', subCategory: 'WOOD' });
    // Findable by the new words straight away.
    const search = JSON.parse((await hark('search', 'oak', '--json')).stdout);
    expect(search.results.map((r: { path: string }) => r.path)).toEqual([door]);

    // The category by its name, as the help says.
    expect((await hark('meta', 'set', door, '--catid', 'MUSICAL PERCUSSION')).code).toBe(0);
    const renamed = JSON.parse((await hark('meta', 'get', door, '--json')).stdout);
    expect(renamed.metadata.catId).toBe('MUSCPerc');
    expect(renamed.library.ucs).toMatchObject({ catId: 'MUSCPerc', category: 'MUSICAL', subCategory: 'PERCUSSION' });
  });

  it('explains bad requests with a non-zero exit', async () => {
    const { door, hark, dir } = await setUp();
    const badCat = await hark('meta', 'set', door, '--catid', 'NOTACAT');
    expect(badCat.code).toBe(2);
    expect(badCat.stderr).toContain('"NOTACAT" is neither a UCS CatID nor a category name');
    const vague = await hark('meta', 'set', door, '--catid', 'DOORS');
    expect(vague.code).toBe(2);
    expect(vague.stderr).toContain('"DOORS" could be any of 22: DOORAntq (DOORS-ANTIQUE),');
    expect((await hark('meta', 'set', door)).stderr).toContain('nothing to set');
    expect((await hark('meta', 'get', join(dir, 'missing.wav'))).code).toBe(2);
    expect((await hark('rename')).stderr).toContain('hark rename --ucs');
  });

  it('captions, writes into the files, renames by UCS, undoes, and exports CSV', async () => {
    const { library, door, kick, hark } = await setUp();
    const caption = await hark('caption', '--write', '--json');
    expect(caption.code).toBe(0);
    const result = JSON.parse(caption.stdout);
    expect(result).toMatchObject({ files: 2, captioned: 2, written: 2 });
    const doorCaption = result.captions.find((c: { path: string }) => c.path === door);
    // No model installed: only what was measured (a 1 s 440 Hz tone, a whole number of cycles: loopable).
    expect(doorCaption).toMatchObject({
      source: 'auto',
      description: 'Short loop, dark, loud',
      measured: { loop: true },
    });
    expect(JSON.parse((await hark('meta', 'get', kick, '--json')).stdout).metadata.description).toMatch(
      /^Short one-shot/,
    );
    // Without --json the captions themselves are printed, each under its file's path, then the counts.
    const printed = (await hark('caption')).stdout;
    expect(printed).toContain(`${door}\n  Short loop, dark, loud\n  keywords: short, loop, dark, loud\n`);
    expect(printed).toContain(`${kick}\n  Short one-shot`);
    expect(printed.trimEnd().split('\n').at(-1)).toContain('0 made, 2 up to date');

    await hark('meta', 'set', door, '--catid', 'DOORWood');
    const preview = await hark('rename', '--ucs', library);
    expect(preview.stdout).toContain(`${door}\n  -> ${join(library, 'DOORWood_door_NONE_NONE.wav')}`);
    expect(existsSync(door)).toBe(true);
    const applied = await hark('rename', '--ucs', '--apply');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Renamed 1 file(s) (batch 1');
    expect(existsSync(join(library, 'DOORWood_door_NONE_NONE.wav'))).toBe(true);

    const csvPath = join(library, '..', 'library.csv');
    expect((await hark('export-csv', csvPath)).stdout).toContain('Wrote 2 file(s)');
    const csv = readFileSync(csvPath, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'path,name,duration,format,sample rate,channels,description,keywords,catId,category,subcategory,category source,category confidence,top tags',
    );
    expect(csv.find((line) => line.includes('DOORWood_door'))).toContain(
      ',wav,44100,1,"Short loop, dark, loud","short, loop, dark, loud",DOORWood,DOORS,WOOD,filename,1.00,',
    );

    const undo = await hark('rename', '--undo');
    expect(undo.code).toBe(0);
    expect(existsSync(door)).toBe(true);
    expect((await hark('rename', '--undo')).stdout).toContain('Nothing to undo');

    // Writes into the files are undone newest first: the CatID set by hand, then the whole caption run.
    expect((await hark('meta', 'undo', 'last')).stderr).toContain('the batch is a number');
    const unset = await hark('meta', 'undo');
    expect(unset.code).toBe(0);
    expect(unset.stdout).toBe(
      `${door}: catId, category, subCategory put back\nUndid batch 2: 1 file(s) have their text back.\n`,
    );
    expect(JSON.parse((await hark('meta', 'get', door, '--json')).stdout).metadata.catId).toBeUndefined();
    const uncaptioned = await hark('meta', 'undo', '1');
    expect(uncaptioned.stdout).toContain('Undid batch 1: 2 file(s) have their text back.');
    for (const file of [door, kick])
      expect(JSON.parse((await hark('meta', 'get', file, '--json')).stdout).metadata.description).toBeUndefined();
    expect((await hark('meta', 'undo')).stdout).toBe('Nothing to undo.\n');
  });

  it('never takes the comment sox stamps into a FLAC for a description, in the library or in a caption', async () => {
    const { library, hark } = await setUp();
    const hum = tone(library, 'hum.flac', { seconds: 1, freq: 110 });
    expect((await hark('index', '--workers', '1')).code).toBe(0);
    const got = JSON.parse((await hark('meta', 'get', hum, '--json')).stdout);
    expect(got.metadata['vorbis.COMMENT']).toBe('Processed by SoX');
    expect(got.metadata.description).toBeUndefined();
    expect(got.library.caption ?? null).toBeNull();
    const captions = JSON.parse((await hark('caption', '--json')).stdout).captions as {
      path: string;
      source: string;
      description: string;
    }[];
    const humCaption = captions.find((caption) => caption.path === hum)!;
    expect(humCaption.source).toBe('auto');
    expect(humCaption.description).not.toMatch(/sox/i);
  });

  it('exports text that a spreadsheet would run as a formula as plain text, in valid CSV', async () => {
    const dir = tempDir();
    const library = join(dir, 'library');
    mkdirSync(library);
    const hyperlink = '=HYPERLINK("http://x","y")';
    const command = "-2+3+cmd|'/C calc'!A0";
    const wav = tone(library, '=1+2.wav', { seconds: 0.2 });
    await writeMetadata(wav, { description: hyperlink, keywords: command });
    const flac = sonicPi(library, 'bd_haus.flac', '@SUM(1+1).flac');
    await writeMetadata(flac, { description: '+cmd|"/C notepad"!A1', keywords: '@import, kick' });
    const env = { HARK_MODELS_DIR: join(dir, 'models') };
    mkdirSync(env.HARK_MODELS_DIR);
    const db = join(dir, 'library.db');
    expect((await runHark(['--db', db, 'add', library], env)).code).toBe(0);
    expect((await runHark(['--db', db, 'index', '--no-analyse'], env)).code).toBe(0);

    const csvPath = join(dir, 'library.csv');
    expect((await runHark(['--db', db, 'export-csv', csvPath], env)).code).toBe(0);
    const written = readFileSync(csvPath, 'utf8');
    expect((await runHark(['--db', db, 'export-csv', '-'], env)).stdout).toBe(written);

    const [header, ...rows] = parseCsv(written);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toHaveLength(header!.length);
    const cell = (row: string[], column: string) => row[header!.indexOf(column)];
    const wavRow = rows.find((row) => cell(row, 'path') === wav)!;
    expect([cell(wavRow, 'name'), cell(wavRow, 'description'), cell(wavRow, 'keywords')]).toEqual([
      "'=1+2.wav",
      `'${hyperlink}`,
      `'${command}`,
    ]);
    const flacRow = rows.find((row) => cell(row, 'path') === flac)!;
    expect([cell(flacRow, 'name'), cell(flacRow, 'description'), cell(flacRow, 'keywords')]).toEqual([
      "'@SUM(1+1).flac",
      `'+cmd|"/C notepad"!A1`,
      "'@import, kick",
    ]);
    for (const value of rows.flat()) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });
});
