// A small, tolerant XML reader for the iXML chunk. Real iXML is written by dozens of recorders and
// tools, some with unclosed tags or stray bytes, so this never throws: it keeps what it can and
// records positions so callers can edit the original text surgically (keeping everything else).

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Decoded direct text (text nodes and CDATA), untrimmed. */
  text: string;
  /** Offset of '<' of the start tag. */
  start: number;
  /** Offset just after the start tag's '>'. */
  contentStart: number;
  /** Offset of the end tag's '<' (equals contentStart for `<X/>`). */
  contentEnd: number;
  /** Offset just after the end tag (or the self-closing tag). */
  end: number;
  selfClosing: boolean;
}

/** The top-level elements of `source` (normally exactly one). */
export function parseXml(source: string): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  };
  let i = 0;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      addText(decodeEntities(source.slice(i)));
      break;
    }
    if (lt > i) addText(decodeEntities(source.slice(i, lt)));
    if (source.startsWith('<!--', lt)) {
      i = skipPast(source, lt, '-->');
    } else if (source.startsWith('<![CDATA[', lt)) {
      const close = source.indexOf(']]>', lt);
      addText(source.slice(lt + 9, close < 0 ? source.length : close));
      i = close < 0 ? source.length : close + 3;
    } else if (source.startsWith('<?', lt)) {
      i = skipPast(source, lt, '?>');
    } else if (source.startsWith('<!', lt)) {
      i = skipPast(source, lt, '>');
    } else if (source[lt + 1] === '/') {
      const gt = source.indexOf('>', lt);
      const tagEnd = gt < 0 ? source.length : gt + 1;
      const name = source.slice(lt + 2, gt < 0 ? source.length : gt).trim();
      // Close the nearest open element of that name; a stray end tag closes nothing.
      const at = findLast(stack, name);
      if (at >= 0) {
        while (stack.length > at) {
          const open = stack.pop()!;
          open.contentEnd = lt;
          open.end = stack.length === at ? tagEnd : lt;
        }
      }
      i = tagEnd;
    } else {
      const gt = findTagEnd(source, lt);
      const tagEnd = gt < 0 ? source.length : gt + 1;
      // A tag cut short by the next '<' has no '>' of its own: keep all of its characters.
      const innerEnd = gt < 0 ? source.length : source[gt] === '>' ? gt : gt + 1;
      const inner = source.slice(lt + 1, innerEnd).trim();
      const selfClosing = inner.endsWith('/');
      const name = /^[^\s/>]+/.exec(inner)?.[0] ?? '';
      if (!name) {
        addText('<');
        i = lt + 1;
        continue;
      }
      const element: XmlElement = {
        name,
        children: [],
        text: '',
        start: lt,
        contentStart: tagEnd,
        contentEnd: tagEnd,
        end: tagEnd,
        selfClosing,
      };
      const parent = stack[stack.length - 1];
      (parent ? parent.children : roots).push(element);
      if (!selfClosing) stack.push(element);
      i = tagEnd;
    }
  }
  // Unclosed elements run to the end of the text.
  for (const open of stack) {
    open.contentEnd = source.length;
    open.end = source.length;
  }
  return roots;
}

function skipPast(source: string, from: number, marker: string): number {
  const at = source.indexOf(marker, from);
  return at < 0 ? source.length : at + marker.length;
}

/** The '>' ending the tag that opens at `lt`, skipping '>' inside quoted attribute values. */
function findTagEnd(source: string, lt: number): number {
  let quote = '';
  for (let i = lt + 1; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    } else if (c === '<') {
      return i - 1; // a broken tag: end it before the next one starts
    }
  }
  return -1;
}

function findLast(stack: XmlElement[], name: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.name === name) return i;
  return -1;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
