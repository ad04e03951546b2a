// The model's UCS suggestion end to end in the built CLI (`npm run build` first), with the installed audio model,
// label bank and UCS table: a suggestion at or above MIN_SUGGESTION_CONFIDENCE is the file's category (captioned,
// exported, renamed by), one below it leaves the file uncategorised unless `rename --min-confidence` asks for it.
// Which side of the line each file falls is read from the model's own output, never assumed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenameProposal } from '../../src-main/api/contract';
import { modelsDir } from '../../src-main/ml/model-manager';
import { MIN_SUGGESTION_CONFIDENCE } from '../../src-main/store/file-category';
import { runHark, type CliResult } from '../helpers/cli';
import { parseCsv } from '../helpers/csv';
import { sonicPi } from '../helpers/sounds';

describe('hark caption / export-csv / rename --ucs: the suggestion threshold on real model output', () => {
  let dir: string;
  let hark: (...args: string[]) => Promise<CliResult>;
  // The model's suggestion for each file before any person said anything, as `rename --min-confidence 0` lists it.
  let suggested: Map<string, RenameProposal>;
  let crow: string; // the model hears a crow, confidently
  let beep: string; // the model hears a car horn, weakly (and wrongly)
  let door: string; // a weak suggestion, overruled by the CatID a person sets

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hark-test-'));
    const library = join(dir, 'library');
    mkdirSync(library);
    // Names without a CatID, so that only the audio (the model) can say what each file is.
    crow = sonicPi(library, 'misc_crow.flac', 'crow.flac');
    beep = sonicPi(library, 'elec_beep.flac', 'beep.flac');
    door = sonicPi(library, 'perc_door.flac', 'door.flac');
    const env = { HARK_MODELS_DIR: modelsDir() };
    const db = join(dir, 'library.db');
    hark = (...args: string[]) => runHark(['--db', db, ...args], env);
    expect((await hark('add', library)).code).toBe(0);
    expect((await hark('index', '--workers', '1')).code).toBe(0);
    const all = await hark('rename', '--ucs', '--json', '--min-confidence', '0');
    expect(all.code).toBe(0);
    suggested = new Map((JSON.parse(all.stdout) as { proposals: RenameProposal[] }).proposals.map((p) => [p.from, p]));
    expect((await hark('meta', 'set', door, '--catid', 'DOORWood')).code).toBe(0);
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The model's suggestion for a file; fails the test if it made none. */
  function suggestion(path: string): RenameProposal {
    const found = suggested.get(path);
    expect(found, `the model suggested no CatID for ${path}`).toBeDefined();
    expect(found!.catSource).toBe('model');
    return found!;
  }

  /** The "category:" line printed under a file's path by `hark caption`. */
  function categoryLine(printed: string, path: string): string | undefined {
    const lines = printed.split('\n');
    const start = lines.indexOf(path);
    expect(start, `${path} is not in the output`).toBeGreaterThanOrEqual(0);
    return lines.slice(start + 1).find((line) => line.startsWith('  category: '));
  }

  it('has one fixture on each side of the line, by the confidence the model gave', () => {
    // If the model or its label bank changes so much that these move across the line, the fixtures need choosing
    // again: every other test here relies on it.
    expect(suggestion(crow)).toMatchObject({ catId: 'BIRDCrow' });
    expect(suggestion(crow).confidence).toBeGreaterThanOrEqual(MIN_SUGGESTION_CONFIDENCE);
    expect(suggestion(beep).confidence).toBeLessThan(MIN_SUGGESTION_CONFIDENCE);
    expect(suggestion(door).confidence).toBeLessThan(MIN_SUGGESTION_CONFIDENCE);
    expect(suggestion(door).catId).not.toBe('DOORWood');
  });

  it('shows the confident suggestion as the category and calls the weak one uncategorised', async () => {
    const crowMeta = JSON.parse((await hark('meta', 'get', crow, '--json')).stdout);
    expect(crowMeta.library.ucs).toMatchObject({
      catId: 'BIRDCrow',
      category: 'BIRDS',
      subCategory: 'CROW',
      source: 'model',
      confidence: suggestion(crow).confidence,
    });
    const beepMeta = JSON.parse((await hark('meta', 'get', beep, '--json')).stdout);
    expect(beepMeta.library.ucs).toBeNull();
    expect((await hark('meta', 'get', beep)).stdout).toContain('\nUCS: uncategorised\n');

    const caption = await hark('caption');
    expect(caption.code).toBe(0);
    const sure = suggestion(crow).confidence.toFixed(2);
    expect(categoryLine(caption.stdout, crow)).toBe(`  category: BIRDCrow (model, ${sure} sure)`);
    expect(categoryLine(caption.stdout, beep)).toBe('  category: uncategorised');
    expect(categoryLine(caption.stdout, door)).toBe('  category: DOORWood (person, 1.00 sure)');
    // The weak suggestion is kept as Hark's suggestion, not as the file's category.
    const captions = JSON.parse((await hark('caption', '--json')).stdout).captions as {
      path: string;
      catId: string | null;
      catSource: string | null;
      suggested: { catId: string | null };
    }[];
    expect(captions.find((c) => c.path === beep)).toMatchObject({
      catId: null,
      catSource: null,
      suggested: { catId: suggestion(beep).catId },
    });
  });

  it('exports the confident suggestion with its source and confidence, and the weak one with no category', async () => {
    const csvPath = join(dir, 'library.csv');
    expect((await hark('export-csv', csvPath)).code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'));
    const columns = ['catId', 'category', 'subcategory', 'category source', 'category confidence'];
    for (const column of columns) expect(header).toContain(column);
    const category = (path: string) => {
      const row = rows.find((r) => r[header!.indexOf('path')] === path);
      expect(row, `${path} is not in the CSV`).toBeDefined();
      return columns.map((column) => row![header!.indexOf(column)]);
    };
    expect(category(crow)).toEqual(['BIRDCrow', 'BIRDS', 'CROW', 'model', suggestion(crow).confidence.toFixed(2)]);
    expect(category(beep)).toEqual(['', '', '', '', '']);
    // The person's CatID was written into the file, so the export reads it there: a fact, at full confidence.
    expect(category(door)).toEqual(['DOORWood', 'DOORS', 'WOOD', 'metadata', '1.00']);
  });

  it('renames by the confident suggestion and the person, and by the weak one only when asked for', async () => {
    const preview = async (...args: string[]) => {
      const run = await hark('rename', '--ucs', '--json', ...args);
      expect(run.code).toBe(0);
      return (JSON.parse(run.stdout) as { proposals: RenameProposal[] }).proposals;
    };
    const byDefault = await preview();
    expect(byDefault.map((p) => p.from).sort()).toEqual([crow, door].sort());
    expect(byDefault.find((p) => p.from === crow)).toMatchObject({
      catId: 'BIRDCrow',
      catSource: 'model',
      confidence: suggestion(crow).confidence,
      to: join(dir, 'library', 'BIRDCrow_crow_NONE_NONE.flac'),
    });
    expect(byDefault.find((p) => p.from === door)).toMatchObject({ catId: 'DOORWood', catSource: 'person' });

    // "At or above": a floor just under the weak suggestion's confidence lets it in.
    const floor = Math.floor(suggestion(beep).confidence * 100) / 100;
    const lowered = await preview('--min-confidence', String(floor));
    expect(lowered.map((p) => p.from).sort()).toEqual([beep, crow, door].sort());
    expect(lowered.find((p) => p.from === beep)).toMatchObject({
      catId: suggestion(beep).catId,
      catSource: 'model',
      confidence: suggestion(beep).confidence,
    });
    // The person's CatID is never overruled by a lowered floor.
    expect(lowered.find((p) => p.from === door)).toMatchObject({ catId: 'DOORWood', catSource: 'person' });

    // And the text preview says which names come from a guess.
    const text = await hark('rename', '--ucs');
    expect(text.stdout).toContain(`(suggested BIRDCrow, ${suggestion(crow).confidence.toFixed(2)})`);
    expect(text.stdout).toContain('(DOORWood from person)');
    expect(text.stdout).not.toContain(beep);
  });
});
