import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../src-renderer/lib/sse-parser';

describe('SseParser', () => {
  it('returns the data of complete events only', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":1}\n')).toEqual([]);
    expect(parser.push('\ndata: {"b"')).toEqual(['{"a":1}']);
    expect(parser.push(':2}\n\n')).toEqual(['{"b":2}']);
  });

  it('joins multi-line data and ignores comments and other fields', () => {
    const parser = new SseParser();
    const events = parser.push(': keep-alive\n\nevent: x\nid: 4\ndata: line one\ndata:line two\n\n');
    expect(events).toEqual(['line one\nline two']);
  });

  it('handles \\r\\n split across chunks without inventing an event boundary', () => {
    const parser = new SseParser();
    expect(parser.push('data: one\r')).toEqual([]);
    expect(parser.push('\ndata: two\r\n\r')).toEqual([]);
    expect(parser.push('\n')).toEqual(['one\ntwo']);
  });

  it('treats a lone \\r as a line end', () => {
    const parser = new SseParser();
    expect(parser.push('data: x\r\r')).toEqual([]);
    expect(parser.push('data: y\n\n')).toEqual(['x', 'y']);
  });
});
