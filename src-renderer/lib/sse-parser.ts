// A tiny server-sent-events parser. The HTTP client reads /api/events through fetch (not EventSource) so that it
// can send the bearer token as a header, which EventSource cannot; this turns the text stream back into events.

export class SseParser {
  private buffer = '';
  private dataLines: string[] = [];

  /** Feeds a chunk of text; returns the `data` payloads of every event the chunk completed. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    // A trailing \r may be the first half of a \r\n split across chunks: wait for the next chunk to decide.
    const holdBack = this.buffer.endsWith('\r') ? 1 : 0;
    const ready = this.buffer.slice(0, this.buffer.length - holdBack);
    // Lines end with \n, \r\n or \r (the SSE spec allows all three).
    const lines = ready.split(/\r\n|\r|\n/);
    // The last piece is an unfinished line (or '' after a line end); keep it for the next chunk.
    this.buffer = (lines.pop() ?? '') + this.buffer.slice(ready.length);
    const events: string[] = [];
    for (const line of lines) this.handleLine(line, events);
    return events;
  }

  private handleLine(line: string, events: string[]): void {
    if (line === '') {
      if (this.dataLines.length > 0) events.push(this.dataLines.join('\n'));
      this.dataLines = [];
      return;
    }
    if (line.startsWith(':')) return; // comment, used as keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    // `event`, `id` and `retry` are not used by Hark's event stream.
  }
}
