import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeXml, parseXml, type XmlElement } from '../../src-main/metadata/xml';

/** The source text between two recorded offsets. */
const slice = (source: string, from: number, to: number) => source.slice(from, to);

describe('parseXml records where each element lies, so edits can keep every other byte', () => {
  const source =
    '<?xml version="1.0"?>\n<BWFXML>\n\t<PROJECT>Night</PROJECT>\n\t<NOTE/>\n\t<USER><CATID>DOORWood</CATID></USER>\n</BWFXML>\n';
  const [root] = parseXml(source);

  it('start and end tags, content between them', () => {
    expect(root).toMatchObject({ name: 'BWFXML', selfClosing: false });
    expect(slice(source, root!.start, root!.contentStart)).toBe('<BWFXML>');
    expect(slice(source, root!.contentEnd, root!.end)).toBe('</BWFXML>');
    const project = root!.children[0]!;
    expect(slice(source, project.start, project.end)).toBe('<PROJECT>Night</PROJECT>');
    expect(slice(source, project.contentStart, project.contentEnd)).toBe('Night');
  });

  it('a self-closing element is empty, its content where its tag ends', () => {
    const note = root!.children[1]!;
    expect(note).toMatchObject({ name: 'NOTE', selfClosing: true, text: '', children: [] });
    expect(slice(source, note.start, note.end)).toBe('<NOTE/>');
    expect(note.contentStart).toBe(note.end);
    expect(note.contentEnd).toBe(note.end);
  });

  it('direct text only: a parent does not gather its children text', () => {
    const user = root!.children[2]!;
    expect(user.text).toBe('');
    expect(user.children[0]).toMatchObject({ name: 'CATID', text: 'DOORWood' });
    expect(root!.children.map((c) => c.name)).toEqual(['PROJECT', 'NOTE', 'USER']);
  });
});

describe('parseXml keeps what it can from broken text', () => {
  it("a '>' inside a quoted attribute does not end the tag", () => {
    const source = '<A note="a > b" other=\'>\'>text</A>';
    const [a] = parseXml(source);
    expect(a).toMatchObject({ name: 'A', text: 'text' });
    expect(slice(source, a!.start, a!.contentStart)).toBe('<A note="a > b" other=\'>\'>');
  });

  it('a tag cut short by the next one keeps its characters', () => {
    const [a] = parseXml('<A><B<C>x</C></A>');
    expect(a!.children.map((c) => c.name)).toEqual(['B']);
    expect(a!.children[0]!.children[0]).toMatchObject({ name: 'C', text: 'x' });
  });

  it("a '<' that opens no name is text, and an end tag closes the open elements inside it", () => {
    const [a] = parseXml('<A>a <> b<B>in</A>after');
    expect(a!.text).toBe('a <> b');
    const b = a!.children[0]!;
    expect(b).toMatchObject({ name: 'B', text: 'in' });
    // B never closed: it ends where A's end tag begins.
    expect(b.end).toBe('<A>a <> b<B>in'.length);
    expect(a!.end).toBe('<A>a <> b<B>in</A>'.length);
    // A stray end tag closes nothing.
    expect(parseXml('<A>x</Z>y</A>')[0]).toMatchObject({ name: 'A', text: 'xy' });
  });

  it('unclosed elements run to the end of the text; several roots are all kept', () => {
    const source = '<A><B>open';
    const [a] = parseXml(source);
    expect([a!.end, a!.children[0]!.end, a!.children[0]!.contentEnd]).toEqual([
      source.length,
      source.length,
      source.length,
    ]);
    expect(parseXml('<A/><B>x</B>').map((e: XmlElement) => e.name)).toEqual(['A', 'B']);
  });

  it('comments, processing instructions and declarations are skipped even when unterminated', () => {
    expect(parseXml('<!DOCTYPE x><!-- <NOT/> --><A>k</A>').map((e) => e.name)).toEqual(['A']);
    expect(parseXml('<A>k</A><!-- never closed <B/>')).toHaveLength(1);
    expect(parseXml('<A><![CDATA[x < y')[0]!.text).toBe('x < y');
  });
});

describe('entities', () => {
  it('decodes the named, decimal and hexadecimal forms and leaves the rest as written', () => {
    expect(decodeEntities('&lt;a&gt; &amp; &quot;q&quot; &apos;s&apos;')).toBe('<a> & "q" \'s\'');
    expect(decodeEntities('&#233;&#x20AC;&#x1f50a;')).toBe('é€🔊');
    // Not XML: an entity HTML knows, code points 0 and past Unicode, an upper-case X, a bare ampersand.
    expect(decodeEntities('&nbsp; &#0; &#x110000; &#X41; & alone')).toBe('&nbsp; &#0; &#x110000; &#X41; & alone');
  });

  it('escapeXml makes text that decodes back to itself', () => {
    const text = 'Tom & Jerry <live> "2024"';
    expect(escapeXml(text)).toBe('Tom &amp; Jerry &lt;live&gt; "2024"');
    expect(decodeEntities(escapeXml(text))).toBe(text);
    const [element] = parseXml(`<D>${escapeXml(text)}</D>`);
    expect(element!.text).toBe(text);
  });
});
