// File details show metadata grouped by where it came from: "bext.Description" goes under "Broadcast WAV (bext)".

const GROUP_NAMES: Record<string, string> = {
  bext: 'Broadcast WAV (bext)',
  ixml: 'iXML',
  id3: 'ID3',
  vorbis: 'Vorbis comments',
  riff: 'RIFF INFO',
  info: 'RIFF INFO',
  aiff: 'AIFF',
  mp4: 'MP4',
  format: 'Format',
};

export interface MetadataGroup {
  id: string;
  title: string;
  entries: Array<{ key: string; value: string }>;
}

export function groupMetadata(metadata: Record<string, string>): MetadataGroup[] {
  const groups = new Map<string, MetadataGroup>();
  for (const [fullKey, value] of Object.entries(metadata)) {
    const dot = fullKey.indexOf('.');
    const id = dot > 0 ? fullKey.slice(0, dot).toLowerCase() : 'other';
    const key = dot > 0 ? fullKey.slice(dot + 1) : fullKey;
    let group = groups.get(id);
    if (!group) {
      group = { id, title: GROUP_NAMES[id] ?? (id === 'other' ? 'Other' : id.toUpperCase()), entries: [] };
      groups.set(id, group);
    }
    group.entries.push({ key, value });
  }
  const ordered = [...groups.values()];
  for (const group of ordered) group.entries.sort((a, b) => a.key.localeCompare(b.key));
  // Known sources in a fixed order, unknown ones after them, "Other" last.
  const rank = (id: string) => (id === 'other' ? 1000 : id in GROUP_NAMES ? Object.keys(GROUP_NAMES).indexOf(id) : 500);
  return ordered.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
