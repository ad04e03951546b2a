import type { AudioFormat } from '../api/contract';

/** What the fast catalogue pass learns about one file from its headers alone. */
export interface FileProbe {
  format: AudioFormat;
  /** Short codec name, e.g. "pcm-int", "pcm-float", "flac", "MPEG 1 Layer 3", "Vorbis I". */
  codec: string | null;
  /** Seconds; null when the headers do not say. */
  duration: number | null;
  sampleRate: number | null;
  channels: number | null;
  /** Bits per sample for lossless/PCM audio, null for lossy codecs. */
  bitDepth: number | null;
  /**
   * Flat metadata: "bext.Description", "ixml.USER.CATID", "info.INAM", "id3.title", "vorbis.TITLE",
   * "aiff.NAME", ... plus the normalised keys `title`, `description`, `keywords`, `category`,
   * `subCategory`, `catId` (iXML first, then bext, then the rest).
   */
  metadata: Record<string, string>;
}

/** Fields `writeMetadata` can set. Missing fields are left as they are; "" clears a field. */
export interface MetadataUpdate {
  description?: string;
  /** A list is joined with ", " (the usual separator in iXML KEYWORDS). */
  keywords?: string | string[];
  catId?: string;
  category?: string;
  subCategory?: string;
  fxName?: string;
}
