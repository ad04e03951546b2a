// iXML (http://www.gallery.co.uk/ixml/): read the whole tree into flat `ixml.*` keys, and update
// the USER block (Soundminer/REAPER style CATID, CATEGORY, DESCRIPTION, KEYWORDS ...) in place
// while keeping every other byte of the document.
import { escapeXml, parseXml, type XmlElement } from './xml';

/**
 * Flat keys: `ixml.PROJECT`, `ixml.SPEED.TIMECODE_RATE`, `ixml.USER.CATID`. Element names are
 * upper-cased (iXML names are upper case; a few writers are not). Repeated siblings are numbered
 * from 1: `ixml.TRACK_LIST.TRACK.2.NAME`.
 */
export function parseIxml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = parseXml(text)[0];
  if (root) flatten(root, 'ixml', out);
  return out;
}

function flatten(element: XmlElement, prefix: string, out: Record<string, string>): void {
  const counts = new Map<string, number>();
  for (const child of element.children)
    counts.set(child.name.toUpperCase(), (counts.get(child.name.toUpperCase()) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const child of element.children) {
    const name = child.name.toUpperCase();
    const index = (seen.get(name) ?? 0) + 1;
    seen.set(name, index);
    const key = counts.get(name)! > 1 ? `${prefix}.${name}.${index}` : `${prefix}.${name}`;
    const value = child.text.trim();
    if (value) out[key] = value;
    if (child.children.length > 0) flatten(child, key, out);
  }
}

/** A fresh iXML document holding only a USER block. */
export function newIxml(user: Record<string, string>): string {
  const fields = Object.entries(user)
    .map(([name, value]) => `\t\t<${name}>${escapeXml(value)}</${name}>\n`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<BWFXML>\n\t<IXML_VERSION>2.10</IXML_VERSION>\n\t<USER>\n${fields}\t</USER>\n</BWFXML>\n`;
}

/**
 * `text` with each USER field set to the given value (created when missing). Throws when the
 * existing text has no root element to put a USER block in.
 */
export function updateIxmlUser(text: string, user: Record<string, string>): string {
  const root = parseXml(text)[0];
  if (!root) throw new Error('the existing iXML chunk holds no XML element');
  const edits: { start: number; end: number; insert: string }[] = [];
  const userBlock = root.children.find((c) => c.name.toUpperCase() === 'USER');
  const missing: string[] = [];
  for (const [name, value] of Object.entries(user)) {
    const field = userBlock?.children.find((c) => c.name.toUpperCase() === name);
    if (!field) {
      missing.push(`<${name}>${escapeXml(value)}</${name}>`);
    } else if (field.selfClosing) {
      edits.push({ start: field.start, end: field.end, insert: `<${field.name}>${escapeXml(value)}</${field.name}>` });
    } else {
      edits.push({ start: field.contentStart, end: field.contentEnd, insert: escapeXml(value) });
    }
  }
  if (missing.length > 0) {
    if (!userBlock) {
      edits.push({
        start: root.contentEnd,
        end: root.contentEnd,
        insert: `\t<USER>\n\t\t${missing.join('\n\t\t')}\n\t</USER>\n`,
      });
    } else if (userBlock.selfClosing) {
      edits.push({
        start: userBlock.start,
        end: userBlock.end,
        insert: `<USER>\n\t\t${missing.join('\n\t\t')}\n\t</USER>`,
      });
    } else {
      edits.push({ start: userBlock.contentEnd, end: userBlock.contentEnd, insert: `\t${missing.join('\n\t\t')}\n\t` });
    }
  }
  // Apply from the end so earlier offsets stay valid.
  edits.sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.insert + result.slice(edit.end);
  return result;
}
