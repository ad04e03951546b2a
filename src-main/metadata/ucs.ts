// Universal Category System: the CatID table and UCS file names
// (CatID(-UserCategory)_(VendorCategory-)FXName_CreatorID_SourceID(_UserData)).
// A CatID is always looked up in the official table, never assembled from category names.
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

export interface UcsEntry {
  catId: string;
  category: string;
  subCategory: string;
  catShort: string;
  explanations: string;
  synonyms: string[];
}

export interface UcsTable {
  version: string;
  entries: UcsEntry[];
  byCatId: Map<string, UcsEntry>;
  /** Lower-cased CatID -> entry, for names whose case was changed by a tool or a person. */
  byLowerCatId: Map<string, UcsEntry>;
}

export const UCS_TABLE_FILE = 'en.json';

/** Loads `<folder>/en.json` (UCS list as published by ucs-community). */
export async function loadUcsTable(folder: string): Promise<UcsTable> {
  const path = join(folder, UCS_TABLE_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot load the UCS table ${path}: ${(error as Error).message}`);
  }
  return ucsTableFromJson(json);
}

export function ucsTableFromJson(json: unknown): UcsTable {
  if (!Array.isArray(json)) throw new Error('the UCS table is not a list');
  const entries: UcsEntry[] = [];
  let version = '';
  for (const row of json as Record<string, unknown>[]) {
    if (typeof row?.CatID !== 'string' || typeof row.Category !== 'string' || typeof row.SubCategory !== 'string')
      continue;
    version ||= typeof row.version === 'string' ? row.version : '';
    entries.push({
      catId: row.CatID,
      category: row.Category,
      subCategory: row.SubCategory,
      catShort: typeof row.CatShort === 'string' ? row.CatShort : '',
      explanations: typeof row.Explanations === 'string' ? row.Explanations : '',
      synonyms: Array.isArray(row.Synonyms) ? row.Synonyms.filter((s): s is string => typeof s === 'string') : [],
    });
  }
  if (entries.length === 0) throw new Error('the UCS table has no entries');
  return {
    version,
    entries,
    byCatId: new Map(entries.map((e) => [e.catId, e])),
    byLowerCatId: new Map(entries.map((e) => [e.catId.toLowerCase(), e])),
  };
}

/** The table entry for `catId`: exact case first, then ignoring case. */
export function lookupCatId(table: UcsTable, catId: string): UcsEntry | null {
  return table.byCatId.get(catId) ?? table.byLowerCatId.get(catId.toLowerCase()) ?? null;
}

/**
 * A category as a person names it: a CatID (any case), or its category and subcategory ("MUSICAL PERCUSSION",
 * "doors-wood", "Doors / Wood"). `choices`: no single entry, but these come closest (a category alone, e.g. "DOORS",
 * lists its subcategories; other words, the entries holding all of them); empty when nothing does.
 */
export function findCategory(table: UcsTable, text: string): { entry: UcsEntry } | { choices: UcsEntry[] } {
  const byId = lookupCatId(table, text.trim());
  if (byId) return { entry: byId };
  const wanted = categoryWords(text);
  if (!wanted) return { choices: [] };
  const named = table.entries.find((entry) => categoryWords(`${entry.category} ${entry.subCategory}`) === wanted);
  if (named) return { entry: named };
  const inCategory = table.entries.filter((entry) => categoryWords(entry.category) === wanted);
  if (inCategory.length) return { choices: inCategory };
  const words = wanted.split(' ');
  return {
    choices: table.entries.filter((entry) => {
      const full = ` ${categoryWords(`${entry.category} ${entry.subCategory}`)} `;
      return words.every((word) => full.includes(` ${word} `));
    }),
  };
}

/** Upper case, separators (space, -, _, /) as one space: how category names compare. */
const categoryWords = (text: string) =>
  text
    .toUpperCase()
    .split(/[\s\-_/]+/)
    .filter(Boolean)
    .join(' ');

/** UCS CategoryFull, e.g. "DOORS-WOOD". */
export function categoryFull(entry: UcsEntry): string {
  return `${entry.category}-${entry.subCategory}`;
}

export interface UcsName {
  /** The CatID as the table spells it. */
  catId: string;
  category: string;
  subCategory: string;
  categoryFull: string;
  /** False when the file spells the CatID in another case than the table (still recognised). */
  exactCase: boolean;
  userCategory?: string;
  /** The whole FXName block (UCS counts the VendorCategory as part of it). */
  fxName: string;
  vendorCategory?: string;
  creatorId?: string;
  sourceId?: string;
  userData?: string;
  /** All four required blocks (CatID, FXName, CreatorID, SourceID) are present. */
  complete: boolean;
}

/**
 * Parses a UCS file name (with or without folder and extension). Null when the first block is not
 * a CatID from the table, or when there is no FXName block after it.
 */
export function parseUcsName(fileName: string, table: UcsTable): UcsName | null {
  const blocks = stem(fileName).split('_');
  if (blocks.length < 2) return null;
  const [catBlock, fxName, creatorId, sourceId, ...rest] = blocks as [string, string, ...string[]];
  const dash = catBlock.indexOf('-');
  const catText = dash >= 0 ? catBlock.slice(0, dash) : catBlock;
  const entry = lookupCatId(table, catText);
  if (!entry || !fxName.trim()) return null;
  const result: UcsName = {
    catId: entry.catId,
    category: entry.category,
    subCategory: entry.subCategory,
    categoryFull: categoryFull(entry),
    exactCase: entry.catId === catText,
    fxName,
    complete: Boolean(creatorId && sourceId),
  };
  const userCategory = dash >= 0 ? catBlock.slice(dash + 1) : '';
  if (userCategory) result.userCategory = userCategory;
  const vendorDash = fxName.indexOf('-');
  if (vendorDash > 0 && vendorDash < fxName.length - 1) result.vendorCategory = fxName.slice(0, vendorDash);
  if (creatorId) result.creatorId = creatorId;
  if (sourceId) result.sourceId = sourceId;
  // Extra underscores are tolerated inside UserData only.
  if (rest.length > 0 && rest.join('_')) result.userData = rest.join('_');
  return result;
}

export interface UcsNameFields {
  /** Title of the sound; defaults to the existing FXName, else the current file name. */
  fxName?: string;
  vendorCategory?: string;
  userCategory?: string;
  /** Defaults to the existing CreatorID, else "NONE". */
  creatorId?: string;
  /** Defaults to the existing SourceID, else "NONE" (as in the UCS examples). */
  sourceId?: string;
  userData?: string;
}

export interface UcsRenamePreview {
  from: string;
  /** Same folder and extension as `from`. */
  to: string;
  name: string;
  /** True when nothing would change. */
  unchanged: boolean;
}

/**
 * Builds a UCS-conforming name for `file` with `catId` (must be in `table`). Pure: nothing on disk
 * changes. Fields not given are kept from a UCS name the file already has.
 */
export function ucsRename(file: string, catId: string, fields: UcsNameFields, table: UcsTable): UcsRenamePreview {
  const entry = lookupCatId(table, catId);
  if (!entry) throw new Error(`"${catId}" is not a CatID in the UCS table`);
  // A CatID spelt in another case with no creator/source blocks ("rain_0001.wav") is a word of the name, not its
  // category block: kept in the title. With all four blocks it is a UCS name in the wrong case, and is re-cased.
  const parsed = parseUcsName(file, table);
  const current = parsed && (parsed.exactCase || parsed.complete) ? parsed : null;
  const ext = extensionOf(file);
  const catBlock = userCategoryBlock(entry.catId, fields.userCategory ?? current?.userCategory);
  const fxBlock = fxNameBlock(file, fields, current);
  const parts = [
    catBlock,
    fxBlock || 'Untitled',
    block(fields.creatorId ?? current?.creatorId ?? '') || 'NONE',
    block(fields.sourceId ?? current?.sourceId ?? '') || 'NONE',
  ];
  const userData = fields.userData ?? current?.userData;
  if (userData) parts.push(safeChars(userData));
  const name = parts.join('_') + ext;
  const to = join(dirname(file), name);
  return { from: file, to, name, unchanged: basename(file) === name };
}

function userCategoryBlock(catId: string, userCategory: string | undefined): string {
  const cleaned = block(userCategory ?? '').replace(/-/g, ' ');
  return cleaned ? `${catId}-${cleaned}` : catId;
}

/** The FXName block: the vendor prefix is kept from the current name unless a new one is given. */
function fxNameBlock(file: string, fields: UcsNameFields, current: UcsName | null): string {
  let fxName: string;
  let vendor = fields.vendorCategory;
  if (fields.fxName !== undefined) {
    fxName = fields.fxName;
    vendor ??= current?.vendorCategory;
  } else if (current) {
    fxName = current.fxName;
    // The existing FXName already starts with its vendor prefix; swap it only when asked.
    if (vendor !== undefined && current.vendorCategory) fxName = fxName.slice(current.vendorCategory.length + 1);
  } else {
    fxName = stem(file).replace(/_+/g, ' ');
  }
  vendor = block(vendor ?? '').replace(/-/g, ' ');
  const title = block(fxName) || 'Untitled';
  return vendor ? `${vendor}-${title}` : title;
}

/** One block of a UCS name: no underscores (they separate blocks), no characters file systems refuse. */
function block(text: string): string {
  return safeChars(text).replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
}

function safeChars(text: string): string {
  // Characters Windows/macOS reject in names, and control characters.
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
      .replace(/[\\/:*?"<>|\x00-\x1f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The file name without folder and without an audio-like extension. */
function stem(file: string): string {
  const name = basename(file);
  const ext = extensionOf(name);
  return ext ? name.slice(0, -ext.length) : name;
}

/** ".wav", ".flac", ... — only short alphanumeric extensions, so "Door 1.5 sec" keeps its ".5 sec". */
function extensionOf(file: string): string {
  const ext = extname(basename(file));
  return /^\.[A-Za-z0-9]{1,5}$/.test(ext) ? ext : '';
}
