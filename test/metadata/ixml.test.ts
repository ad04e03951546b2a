import { describe, expect, it } from 'vitest';
import { newIxml, parseIxml, updateIxmlUser } from '../../src-main/metadata/ixml';
import { parseXml } from '../../src-main/metadata/xml';

describe('parseXml (tolerant)', () => {
  it('decodes entities and CDATA, skips comments and the prolog', () => {
    const [root] = parseXml(
      '<?xml version="1.0"?><!-- c --><A x="1>2"><B>&lt;a&gt; &amp; &#233;&#x20AC;</B><C><![CDATA[<raw> & ]]></C></A>',
    );
    expect(root!.name).toBe('A');
    expect(root!.children.map((c) => c.text)).toEqual(['<a> & é€', '<raw> & ']);
  });

  it('survives unclosed and stray tags', () => {
    const [root] = parseXml('<A><B>one<C>two</B></X><D>three');
    expect(root!.children.map((c) => c.name)).toEqual(['B', 'D']);
    expect(root!.children[0]!.text).toBe('one');
    expect(root!.children[0]!.children[0]!.text).toBe('two');
    expect(root!.children[1]!.text).toBe('three');
  });

  it('gives nothing (no throw) for text that is not XML', () => {
    expect(parseXml('not xml at all')).toEqual([]);
    expect(parseXml('')).toEqual([]);
  });
});

describe('parseIxml', () => {
  it('numbers repeated siblings and upper-cases names', () => {
    const flat = parseIxml(
      '<BWFXML><track_list><TRACK><NAME>a</NAME></TRACK><TRACK><NAME>b</NAME></TRACK></track_list><user><catid>X</catid></user></BWFXML>',
    );
    expect(flat).toEqual({
      'ixml.TRACK_LIST.TRACK.1.NAME': 'a',
      'ixml.TRACK_LIST.TRACK.2.NAME': 'b',
      'ixml.USER.CATID': 'X',
    });
  });
});

describe('updateIxmlUser', () => {
  const doc = `<?xml version="1.0" encoding="UTF-8"?>
<BWFXML>
  <IXML_VERSION>1.61</IXML_VERSION>
  <!-- recorder settings -->
  <SPEED><NOTE>keep me</NOTE></SPEED>
  <USER>
    <LIBRARY>Lib</LIBRARY>
    <DESCRIPTION>old</DESCRIPTION>
    <KEYWORDS/>
  </USER>
</BWFXML>`;

  it('replaces existing fields, fills self-closing ones, adds missing ones, keeps the rest byte for byte', () => {
    const updated = updateIxmlUser(doc, { DESCRIPTION: 'new & <better>', KEYWORDS: 'a, b', CATID: 'DOORWood' });
    expect(parseIxml(updated)).toEqual({
      'ixml.IXML_VERSION': '1.61',
      'ixml.SPEED.NOTE': 'keep me',
      'ixml.USER.LIBRARY': 'Lib',
      'ixml.USER.DESCRIPTION': 'new & <better>',
      'ixml.USER.KEYWORDS': 'a, b',
      'ixml.USER.CATID': 'DOORWood',
    });
    expect(updated).toContain('<!-- recorder settings -->');
    expect(updated.startsWith(doc.slice(0, doc.indexOf('<USER>')))).toBe(true);
  });

  it('adds a USER block when there is none', () => {
    const updated = updateIxmlUser('<BWFXML><PROJECT>P</PROJECT></BWFXML>', { CATID: 'AIRBrst' });
    expect(parseIxml(updated)).toEqual({ 'ixml.PROJECT': 'P', 'ixml.USER.CATID': 'AIRBrst' });
  });

  it('refuses text without an element rather than inventing a document', () => {
    expect(() => updateIxmlUser('garbage', { CATID: 'x' })).toThrow(/no XML element/);
  });

  it('newIxml makes a document parseIxml reads back', () => {
    expect(parseIxml(newIxml({ DESCRIPTION: 'a < b', KEYWORDS: 'k' }))).toEqual({
      'ixml.IXML_VERSION': '2.10',
      'ixml.USER.DESCRIPTION': 'a < b',
      'ixml.USER.KEYWORDS': 'k',
    });
  });
});
