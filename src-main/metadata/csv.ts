// CSV export of library metadata (RFC 4180: CRLF line ends, fields with comma, quote or line
// break are quoted, quotes doubled).

export type CsvColumn = string | { key: string; header: string };

export function toCsv(rows: Record<string, string>[], columns: CsvColumn[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, header: c } : c));
  const lines = [cols.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(cols.map((c) => csvField(row[c.key] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
