// `caption`: a caption pass over a folder or the library, answered with its counts and the captions themselves.
import type { CaptionProgress, CaptionRequest, CaptionRunResult } from '../api/contract';
import type { CaptionVocabulary } from '../library/caption-vocabulary';
import { captionLibrary, type CaptionOptions } from '../library/captions';
import { getCaption } from '../store/captions';
import type { Db } from '../store/database';
import { filesUnder } from '../store/renames';
import { absolutePath } from './request-paths';

export async function runCaptions(
  db: Db,
  vocabulary: CaptionVocabulary,
  request: CaptionRequest,
  onProgress: (progress: CaptionProgress) => void,
  onSaved?: CaptionOptions['onSaved'],
): Promise<CaptionRunResult> {
  const folder = request.folder ? absolutePath(request.folder, 'folder') : null;
  const counts = await captionLibrary(db, {
    vocabulary,
    folder,
    write: request.write,
    overwrite: request.overwrite,
    onProgress,
    onSaved,
  });
  return { ...counts, captions: captionsUnder(db, folder) };
}

/** Every caption of a file at or below `folder` (the whole library when null), by path. */
function captionsUnder(db: Db, folder: string | null): CaptionRunResult['captions'] {
  return filesUnder(db, folder).flatMap((file) => {
    const caption = getCaption(db, file.id);
    return caption ? [{ path: file.path, ...caption }] : [];
  });
}
