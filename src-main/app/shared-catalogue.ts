import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { CatalogueConnection, CatalogueRootMapping } from '../api/contract';
import { checkConnectionUrl } from '../base/connection-url';
import { badRequest, forbidden } from '../base/errors';
import { forgetFollowedPlace } from '../library/shared-edits';
import type { Db } from '../store/database';
import { findRoot } from '../store/roots';
import { closeSharedDb, openSharedDb, type SharedDb } from '../store/shared/connection';
import { grantSeatAccess, seatAccess, type SeatAccess } from '../store/shared/roles';
import { ensureSharedRoot, findSharedRoot } from '../store/shared/roots';
import {
  migrateSharedSchema,
  requireSharedSchema,
  serverSchemaVersion,
  SHARED_SCHEMA_VERSION,
} from '../store/shared/schema';
import { readSeatConfig, writeSeatConfig, type SeatConfig } from '../store/shared/seat-config';

/**
 * `hark catalogue connect`: migrates the server when its schema is behind (the catalogue's owner only: another login
 * is told so), then records the connection, this seat's name and what its login may do there, locally.
 */
export async function connectCatalogue(db: Db, req: { url: string; seat?: string }): Promise<CatalogueConnection> {
  checkConnectionUrl(req.url);
  const shared = openSharedDb(req.url);
  try {
    const current = await serverSchemaVersion(shared);
    const { from, to } =
      current === SHARED_SCHEMA_VERSION ? { from: current, to: current } : await migrateAsOwner(shared, current);
    const access = await seatAccess(shared);
    const previous = readSeatConfig(db);
    const sameServer = previous?.url === req.url;
    // A seat keeps its name across reconnections: its leases and log entries stay its own.
    const seat = req.seat ?? (sameServer ? previous.seat : `${hostname()}-${randomBytes(3).toString('hex')}`);
    writeSeatConfig(db, { url: req.url, seat, access, roots: sameServer ? previous.roots : [] });
    if (!sameServer) forgetFollowedPlace(db);
    return { url: shared.shownUrl, seat, schemaVersion: to, migratedFrom: from, access };
  } finally {
    await closeSharedDb(shared);
  }
}

async function migrateAsOwner(shared: SharedDb, current: number): Promise<{ from: number; to: number }> {
  try {
    return await migrateSharedSchema(shared);
  } catch (error) {
    // 42501: insufficient privilege. A reader (or an editor) cannot create or alter the catalogue's tables.
    if ((error as { code?: string }).code !== '42501') throw error;
    throw forbidden(
      `the shared catalogue at ${shared.shownUrl} is at schema version ${current} and needs version ` +
        `${SHARED_SCHEMA_VERSION}, which only its owner's login can make: connect with that login once to upgrade it`,
    );
  }
}

/** `hark catalogue grant ROLE --reader|--editor`, by the catalogue's owner. */
export async function grantCatalogueAccess(
  db: Db,
  req: { role: string; access: SeatAccess },
): Promise<{ role: string; access: SeatAccess }> {
  const role = req.role.trim();
  if (!role) throw badRequest('name the server role to let in (its administrator makes it with CREATE ROLE … LOGIN)');
  if (req.access !== 'editor' && req.access !== 'reader') throw badRequest('access is editor or reader');
  return withSeat(db, async (shared) => {
    await grantSeatAccess(shared, role, req.access);
    return { role, access: req.access };
  });
}

/** `hark catalogue map FOLDER NAME`: which root of the server a library folder is, on this seat. */
export async function mapCatalogueRoot(db: Db, req: { folder: string; name: string }): Promise<CatalogueRootMapping> {
  const folder = resolve(req.folder);
  const name = req.name.trim();
  if (!name) throw badRequest('a shared root needs a name, the same on every seat (e.g. SFX)');
  if (!findRoot(db, folder)) throw badRequest(`${folder} is not a library folder: run \`hark add ${folder}\` first`);
  return withSeat(db, async (shared, config) => {
    const sharedRootId =
      config.access === 'reader'
        ? await findSharedRoot(shared, name)
        : await ensureSharedRoot(shared, name, config.seat, folder);
    if (sharedRootId === null)
      throw badRequest(`the shared catalogue has no root named ${name}: an editor seat maps it first (this one reads)`);
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
    return await work(shared, await checkedAccess(db, shared, config));
  } finally {
    await closeSharedDb(shared);
  }
}

/** The config with what the server says this seat's login may do now (an administrator may have changed it). */
async function checkedAccess(db: Db, shared: SharedDb, config: SeatConfig): Promise<SeatConfig> {
  const access = await seatAccess(shared);
  if (access === (config.access ?? 'editor')) return config;
  const updated = { ...config, access };
  writeSeatConfig(db, updated);
  return updated;
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
    return { shared, config: await checkedAccess(db, shared, config), close: () => closeSharedDb(shared) };
  } catch (error) {
    await closeSharedDb(shared);
    throw error;
  }
}
