import type { CatalogueEntry } from '../../src-main/store/files';

/** A catalogue entry for a one-second 16-bit mono WAV at `path`, as the catalogue pass would record it. */
export function wavEntry(rootId: number, path: string, change: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    rootId,
    path,
    name: path.split('/').pop()!,
    folder: path.slice(0, path.lastIndexOf('/')),
    ext: 'wav',
    size: 10,
    mtimeMs: 1,
    quickHash: null,
    format: 'wav',
    codec: null,
    duration: 1,
    sampleRate: 44100,
    channels: 1,
    bitDepth: 16,
    metadata: {},
    ...change,
  };
}
