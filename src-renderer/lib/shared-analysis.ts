// What Settings says of this seat's shared analysis, and whether it may start one: pure, so it is tested alone.
import type { CatalogueStatus, SharedAnalysisProgress } from '../../src-main/api/contract';

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/** The server's counts, when known: what is free for any seat to claim and what seats are analysing now. */
function onServer(progress: SharedAnalysisProgress): string | null {
  const { unclaimed, leased } = progress;
  if (unclaimed === undefined || leased === undefined) return null;
  if (unclaimed + leased === 0) return 'the server owes no file';
  return `on the server: ${unclaimed} waiting, ${leased} being analysed`;
}

/** One line of progress: the phase, the files this seat analysed, and what the server still owes. */
export function describeSharedAnalysis(progress: SharedAnalysisProgress): string {
  const here = `${files(progress.analysed)} analysed here` + (progress.failed ? `, ${progress.failed} failed` : '');
  const server = onServer(progress);
  const parts = (...items: (string | null)[]) => items.filter(Boolean).join(' · ');
  switch (progress.phase) {
    case 'idle':
      return server ? `Not running · ${server}` : 'Not running';
    case 'cataloguing':
      return 'Cataloguing the shared folders ...';
    case 'analysing':
      return parts('Analysing with the other seats', here, server);
    case 'copying':
      return parts("Copying the other seats' results here", here);
    case 'stopping':
      return parts('Stopping: finishing the files in hand', here);
    case 'done':
      return parts('Done', here, `${files(progress.copied)} copied from the other seats`, server);
    case 'stopped':
      return parts('Stopped', here, `${files(progress.copied)} copied from the other seats`, server);
    case 'failed':
      return parts('Stopped by a problem', here);
  }
}

/** Why this seat may not start a shared analysis now; null when it may. */
export function cannotAnalyse(status: CatalogueStatus): string | null {
  if (!status.connected) return 'This library has no shared catalogue.';
  if (status.access === 'reader')
    return 'This seat is a reader: editor seats analyse, and their results come here as it follows the catalogue.';
  if (!status.online) return 'The server is out of reach.';
  if (status.roots.length === 0) return 'Share a library folder first.';
  return null;
}
