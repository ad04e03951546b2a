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
  const text = inert(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV Injection"): a description
// or file name such as =HYPERLINK(...) or -2+3+cmd|'/C calc'!A0 would act when the export is opened. A leading
// single quote makes the cell plain text; the value is otherwise kept as it is.
const FORMULA_START = /^[=+\-@\t\r]/;

function inert(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
