import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src-main/metadata/csv';

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
});
