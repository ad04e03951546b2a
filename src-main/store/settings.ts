import type { Settings } from '../api/contract';
import type { Db } from './database';

export const DEFAULT_SETTINGS: Settings = {
  executionProvider: 'auto',
  model: 'efficientat-mn04-as',
  theme: 'dark',
};

export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
  return { ...DEFAULT_SETTINGS, ...stored };
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) put.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}
