import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { CatalogueConnection, CatalogueRootMapping } from '../api/admin-contract';
import { checkConnectionUrl } from '../base/connection-url';
import { badRequest } from '../base/errors';
import type { Db } from '../store/database';
import { findRoot } from '../store/roots';
import { closeSharedDb, openSharedDb, type SharedDb } from '../store/shared/connection';
import { ensureSharedRoot } from '../store/shared/roots';
import { migrateSharedSchema, requireSharedSchema } from '../store/shared/schema';
import { readSeatConfig, writeSeatConfig, type SeatConfig } from '../store/shared/seat-config';

/** `hark catalogue connect`: migrates the server, then records the connection and this seat's name locally. */
export async function connectCatalogue(db: Db, req: { url: string; seat?: string }): Promise<CatalogueConnection> {
  checkConnectionUrl(req.url);
  const shared = openSharedDb(req.url);
  try {
    const { from, to } = await migrateSharedSchema(shared);
    const previous = readSeatConfig(db);
    const sameServer = previous?.url === req.url;
    // A seat keeps its name across reconnections: its leases and log entries stay its own.
    const seat = req.seat ?? (sameServer ? previous.seat : `${hostname()}-${randomBytes(3).toString('hex')}`);
    writeSeatConfig(db, { url: req.url, seat, roots: sameServer ? previous.roots : [] });
    return { url: shared.shownUrl, seat, schemaVersion: to, migratedFrom: from };
  } finally {
    await closeSharedDb(shared);
  }
}

/** `hark catalogue map FOLDER NAME`: which root of the server a library folder is, on this seat. */
export async function mapCatalogueRoot(db: Db, req: { folder: string; name: string }): Promise<CatalogueRootMapping> {
  const folder = resolve(req.folder);
  const name = req.name.trim();
  if (!name) throw badRequest('a shared root needs a name, the same on every seat (e.g. SFX)');
  if (!findRoot(db, folder)) throw badRequest(`${folder} is not a library folder: run \`hark add ${folder}\` first`);
  return withSeat(db, async (shared, config) => {
    const sharedRootId = await ensureSharedRoot(shared, name, config.seat, folder);
    const roots = config.roots.filter((root) => root.localPath !== folder && root.sharedRootId !== sharedRootId);
    writeSeatConfig(db, { ...config, roots: [...roots, { localPath: folder, sharedRootId, name }] });
    return { folder, name };
  });
}

/** Runs `work` connected to this library's shared catalogue, refusing a server at another schema version. */
export async function withSeat<T>(db: Db, work: (shared: SharedDb, config: SeatConfig) => Promise<T>): Promise<T> {
  const config = readSeatConfig(db);
  if (!config) throw badRequest('this library has no shared catalogue: run `hark catalogue connect postgres://…`');
  const shared = openSharedDb(config.url);
  try {
    await requireSharedSchema(shared);
    return await work(shared, config);
  } finally {
    await closeSharedDb(shared);
  }
}

/** An open connection to this library's shared catalogue, held by a long-running process (edits, following). */
export interface SeatSession {
  shared: SharedDb;
  config: SeatConfig;
  close: () => Promise<void>;
}

/** The library's shared catalogue opened and its schema checked; null when the library has none. */
export async function openSeat(db: Db): Promise<SeatSession | null> {
  const config = readSeatConfig(db);
  if (!config) return null;
  const shared = openSharedDb(config.url);
  try {
    await requireSharedSchema(shared);
  } catch (error) {
    await closeSharedDb(shared);
    throw error;
  }
  return { shared, config, close: () => closeSharedDb(shared) };
}
