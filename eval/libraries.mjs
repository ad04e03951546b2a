// The two dev libraries of `npm run eval`: where each is built, by which script, with which queries and which list
// of sounds it lacks (for the "no good match" signal).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const LIBRARIES = {
  1: {
    id: '1',
    title: 'dev library 1 (sonic-pi, lmms, hydrogen, wesnoth, ufoai; original names)',
    dir: process.env.HARK_DEV_LIBRARY ?? '/tmp/hark-dev-library',
    builder: path.join(here, 'build-library.mjs'),
    queries: path.join(here, 'queries.tsv'),
    ood: path.join(here, 'ood-queries.txt'),
  },
  2: {
    id: '2',
    title: 'dev library 2 (minetest, lincity, warzone, hedgewars, widelands, ...; commercial-style names)',
    dir: process.env.HARK_DEV_LIBRARY_2 ?? '/tmp/hark-dev-library-2',
    builder: path.join(here, 'build-library-2.mjs'),
    queries: path.join(here, 'queries-2.tsv'),
    ood: path.join(here, 'ood-queries-2.txt'),
  },
};

/** Libraries named by `--library 1|2|all` (default all). */
export function chosenLibraries(args) {
  const i = args.indexOf('--library');
  const which = i >= 0 ? args[i + 1] : 'all';
  if (which === 'all') return [LIBRARIES[1], LIBRARIES[2]];
  const library = LIBRARIES[which];
  if (!library) throw new Error(`--library must be 1, 2 or all (got ${which})`);
  return [library];
}
