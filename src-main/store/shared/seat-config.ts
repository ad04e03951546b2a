import type { Db } from '../database';
import { readNote, writeNote } from '../settings';
import type { SeatAccess } from './roles';

/** A library's tie to a shared catalogue, kept in the library itself (each seat has its own). */
export interface SeatConfig {
  /** The connection string as given, password included: it never leaves this file but to connect. */
  url: string;
  /** This seat's name on the server: leases and the analysis log carry it. */
  seat: string;
  /** What this seat's login may do there, as the server said when last asked (absent in older libraries: editor). */
  access?: SeatAccess;
  /** Which local library folder is which root of the server. */
  roots: { localPath: string; sharedRootId: number; name: string }[];
}

const NOTE = 'sharedCatalogue';

export function readSeatConfig(db: Db): SeatConfig | null {
  const text = readNote(db, NOTE);
  return text ? (JSON.parse(text) as SeatConfig) : null;
}

export function writeSeatConfig(db: Db, config: SeatConfig): void {
  writeNote(db, NOTE, JSON.stringify(config));
}
