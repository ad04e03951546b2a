import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src-main/metadata/csv';

describe('toCsv', () => {
  it('quotes per RFC 4180 and ends lines with CRLF', () => {
    const csv = toCsv(
      [
        { path: '/a/door.wav', description: 'He said "slam", then left', keywords: 'door, slam' },
        { path: '/b/plain.wav', description: 'two\nlines' },
      ],
      ['path', { key: 'description', header: 'Description' }, 'keywords'],
    );
    expect(csv).toBe(
      'path,Description,keywords\r\n' +
        '/a/door.wav,"He said ""slam"", then left","door, slam"\r\n' +
        '/b/plain.wav,"two\nlines",\r\n',
    );
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });

  it('turns a cell a spreadsheet would run as a formula into text, and keeps it valid CSV', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("-2+3+cmd|'/C calc'!A0")).toBe("'-2+3+cmd|'/C calc'!A0");
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
    // Only the first character matters; the rest of a value is left as it was.
    expect(csvField('door slam -3 dB, =loud')).toBe('"door slam -3 dB, =loud"');
    expect(csvField("it's fine")).toBe("it's fine");
    expect(csvField('')).toBe('');
  });
});
