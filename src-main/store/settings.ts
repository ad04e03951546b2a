import type { Settings } from '../api/contract';
import type { Db } from './database';

export const DEFAULT_SETTINGS: Settings = {
  executionProvider: 'auto',
  model: 'efficientat-mn04-as',
  searchModel: 'label-bridge',
  theme: 'dark',
};

export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  // Own keys only: `constructor` or `toString` is in every object, never a setting.
  const known = rows.filter((row) => Object.hasOwn(DEFAULT_SETTINGS, row.key));
  return { ...DEFAULT_SETTINGS, ...Object.fromEntries(known.map((row) => [row.key, JSON.parse(row.value)])) };
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  const put = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined && Object.hasOwn(DEFAULT_SETTINGS, key)) put.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}

/** Facts the app records for itself (not settings a person changes), e.g. the execution provider last used. */
export function readNote(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(`note.${key}`) as
    { value: string } | undefined;
  return row ? (JSON.parse(row.value) as string) : null;
}

export function writeNote(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(`note.${key}`, JSON.stringify(value));
}
