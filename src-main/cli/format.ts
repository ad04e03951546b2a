import type { LibraryInfo, SearchHit, SearchResponse } from '../api/contract';

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  return `${minutes}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** Time left as a person reads it ("1h 05m", "3m 05s", "12s"); "--" while it cannot be told yet. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '--';
  const whole = Math.round(seconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  if (whole >= 3600) return `${Math.floor(whole / 3600)}h ${pad(Math.floor((whole % 3600) / 60))}m`;
  if (whole >= 60) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  return `${whole}s`;
}

/** How a hit stands apart from an ordinary analysed match, as a mark after its path. */
function standing(hit: SearchHit): string {
  if (hit.explanation.unreadable) return ' [unreadable]';
  if (hit.explanation.notAnalysed) return ' [not analysed: by name]';
  return '';
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "12 matches (3 weaker below the line) in 4 ms (keyword + neural)": the count is the matches, never the library. */
export function formatSummary(response: SearchResponse): string {
  const below = response.belowLine ?? 0;
  const sources = [response.used.keyword && 'keyword', response.used.neural && 'neural'].filter(Boolean).join(' + ');
  return `${plural(response.total, 'match', 'matches')}${below > 0 ? ` (${below} weaker below the line)` : ''} in ${response.tookMs} ms (${sources || 'browse'})`;
}

export const BELOW_LINE_RULE = '     ---- weaker matches, below the line ----';

export function formatHits(response: SearchResponse): string {
  const lines: string[] = [];
  if (response.noGoodMatch?.flagged && response.noGoodMatch.calibrated)
    lines.push('No good match in your library; the closest files:');
  let ruled = false;
  response.hits.forEach((hit, i) => {
    if (hit.belowLine && !ruled) {
      lines.push(BELOW_LINE_RULE);
      ruled = true;
    }
    const tags = hit.explanation.tags
      .slice(0, 3)
      .map((tag) => tag.label)
      .join(', ');
    const words = hit.explanation.matchedTerms.length ? ` [${hit.explanation.matchedTerms.join(' ')}]` : '';
    lines.push(
      `${String(i + 1).padStart(3)}. ${hit.score.toFixed(3)}  ${formatDuration(hit.duration).padStart(7)}  ${hit.path}${standing(hit)}${words}${tags ? `  (${tags})` : ''}`,
    );
    const factor = [...(hit.explanation.factors ?? [])].sort((a, b) => b.confidence - a.confidence)[0];
    if (factor)
      lines.push(
        `       most confident factor: ${factor.name} (similarity ${factor.similarity.toFixed(2)}, confidence ${factor.confidence.toFixed(2)})`,
      );
  });
  if (response.hits.length === 0) lines.push('No results.');
  lines.push(formatSummary(response));
  return lines.join('\n') + '\n';
}

export function formatInfo(info: LibraryInfo): string {
  const model = (m: LibraryInfo['model']) =>
    m.installed ? `${m.id} (installed)` : `${m.id ?? 'none'}: ${m.problem ?? 'not installed'}`;
  return (
    [
      `Hark ${info.version}`,
      `Library:   ${info.dbPath}`,
      `Folders:   ${info.roots}`,
      `Files:     ${info.files} (${info.analysed} analysed, ${info.pending} waiting, ${info.failed} failed)`,
      `Audio model: ${model(info.model)}`,
      `Text model:  ${model(info.textModel)}`,
      `Trained heads: ${model(info.heads)}${info.heads.fixture ? ' [untrained test fixture]' : ''}`,
      `Search model: ${info.searchModel}`,
      `Execution provider: ${info.executionProvider}`,
    ].join('\n') + '\n'
  );
}
