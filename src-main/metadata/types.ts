import type { FileHeaders } from '../api/contract';

/** What the fast catalogue pass learns about one file from its headers alone. */
export type FileProbe = FileHeaders;

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
