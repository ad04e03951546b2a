// The metadata layer's public API: read tags from headers (probe), write them back (write),
// UCS categories and names (ucs), CSV export (csv).
export { probeFile } from './probe';
export { writeMetadata, WRITABLE_FORMATS } from './write';
export { ProbeError, MetadataWriteError, type WriteErrorCode } from './errors';
export type { FileProbe, MetadataUpdate } from './types';
export {
  loadUcsTable,
  ucsTableFromJson,
  lookupCatId,
  categoryFull,
  parseUcsName,
  ucsRename,
  UCS_TABLE_FILE,
  type UcsEntry,
  type UcsTable,
  type UcsName,
  type UcsNameFields,
  type UcsRenamePreview,
} from './ucs';
export { toCsv, csvField, type CsvColumn } from './csv';
