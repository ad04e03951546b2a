import { existsSync, mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioSetLabelText, loadLabelBank, ucsLabelText } from '../../../src-main/ml/text/label-bank';
import { readAudioSetClasses, readUcsEntries } from '../../../src-main/ml/text/label-sources';
import type { SentenceEncoder } from '../../../src-main/ml/text/text-encoder';

const DIM = 8;

/** Deterministic stand-in for USE: a unit vector from the characters; counts how many texts it embedded. */
function fakeEncoder(): SentenceEncoder & { calls: number } {
  const enc = {
    id: 'fake-encoder',
    dim: DIM,
    calls: 0,
    async embed(texts: string[]) {
      enc.calls += texts.length;
      return texts.map((t) => {
        const v = new Float32Array(DIM);
        for (let i = 0; i < t.length; i++) v[i % DIM]! += t.charCodeAt(i);
        const n = Math.hypot(...v);
        return v.map((x) => x / n);
      });
    },
    embedWithLayers: () => Promise.reject(new Error('not used by the label bank')),
  };
  return enc;
}

function writeFixture(): { audiosetDir: string; ucsDir: string; cacheDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'hark-label-bank-'));
  const audiosetDir = path.join(root, 'audioset');
  const ucsDir = path.join(root, 'ucs');
  for (const d of [audiosetDir, ucsDir]) mkdirSync(d);
  writeFileSync(
    path.join(audiosetDir, 'class_labels_indices.csv'),
    'index,mid,display_name\n0,/m/09x0r,"Speech"\n1,/m/05zppz,"Male speech, man speaking"\n2,/m/0bt9lr,"Dog"\n',
  );
  writeFileSync(
    path.join(audiosetDir, 'ontology.json'),
    JSON.stringify([
      { id: '/m/09x0r', name: 'Speech', description: 'Human voice producing words.' },
      { id: '/m/0bt9lr', name: 'Dog', description: 'Sounds of a domestic canine.' },
    ]),
  );
  writeFileSync(
    path.join(ucsDir, 'en.json'),
    JSON.stringify([
      {
        Category: 'DOGS',
        SubCategory: 'BARK',
        CatID: 'DOGBark',
        Explanations: 'Barking dogs',
        Synonyms: ['woof', 'yap'],
      },
      { Category: 'RAIN', SubCategory: 'GENERAL', CatID: 'RAIN', Explanations: 'Rain falling', Synonyms: [] },
    ]),
  );
  return { audiosetDir, ucsDir, cacheDir: path.join(root, 'cache') };
}

describe('label sources', () => {
  it('reads classes in output order, with quoted CSV names and ontology descriptions matched by mid', () => {
    const { audiosetDir, ucsDir } = writeFixture();
    const classes = readAudioSetClasses(audiosetDir);
    expect(classes.map((c) => c.name)).toEqual(['Speech', 'Male speech, man speaking', 'Dog']);
    expect(classes[2]!.description).toBe('Sounds of a domestic canine.');
    expect(classes[1]!.description).toBe('');
    expect(audioSetLabelText(classes[2]!)).toBe('Dog. Sounds of a domestic canine.');
    expect(audioSetLabelText(classes[1]!)).toBe('Male speech, man speaking');
    const ucs = readUcsEntries(ucsDir);
    expect(ucsLabelText(ucs[0]!)).toBe('Dogs bark. Barking dogs. woof, yap');
  });

  const shared = path.resolve(__dirname, '../../../../shared/data');
  it.skipIf(!existsSync(shared))('reads the real 527 AudioSet classes and 752 UCS entries', () => {
    const classes = readAudioSetClasses(path.join(shared, 'audioset'));
    expect(classes).toHaveLength(527);
    expect(classes[0]!.name).toBe('Speech');
    expect(classes.filter((c) => c.description.length > 0).length).toBeGreaterThan(520);
    expect(readUcsEntries(path.join(shared, 'ucs'))).toHaveLength(752);
  });
});

describe('loadLabelBank', () => {
  it('embeds once, then reads the same vectors back from the cache without the encoder', async () => {
    const dirs = writeFixture();
    const first = fakeEncoder();
    const bank1 = await loadLabelBank({ ...dirs, encoderId: first.id, dim: DIM, getEncoder: async () => first });
    expect(first.calls).toBe(10);
    expect(bank1.audiosetEmbeddings).toHaveLength(3 * DIM);
    expect(bank1.audiosetUcsSimilarity).toHaveLength(3 * 2);
    const cached = readdirSync(dirs.cacheDir).filter((f) => f.endsWith('.f32'));
    expect(cached.filter((f) => !f.startsWith('audioset-ucs-similarity'))).toHaveLength(4);
    expect(cached.filter((f) => f.startsWith('audioset-ucs-similarity'))).toHaveLength(1);

    const bank2 = await loadLabelBank({
      ...dirs,
      encoderId: first.id,
      dim: DIM,
      getEncoder: async () => {
        throw new Error('the encoder must not load when the cache is warm');
      },
    });
    expect(Array.from(bank2.audiosetEmbeddings)).toEqual(Array.from(bank1.audiosetEmbeddings));
    expect(Array.from(bank2.ucsEmbeddings)).toEqual(Array.from(bank1.ucsEmbeddings));
  });

  it('recomputes a truncated cache file and keys caches by encoder id', async () => {
    const dirs = writeFixture();
    const enc = fakeEncoder();
    await loadLabelBank({ ...dirs, encoderId: enc.id, dim: DIM, getEncoder: async () => enc });
    for (const f of readdirSync(dirs.cacheDir)) truncateSync(path.join(dirs.cacheDir, f), 10);
    const again = fakeEncoder();
    await loadLabelBank({ ...dirs, encoderId: again.id, dim: DIM, getEncoder: async () => again });
    expect(again.calls).toBe(10);

    const other = { ...fakeEncoder(), id: 'other-encoder' };
    await loadLabelBank({ ...dirs, encoderId: other.id, dim: DIM, getEncoder: async () => other });
    const cached = readdirSync(dirs.cacheDir).filter((f) => f.endsWith('.f32'));
    expect(cached.filter((f) => !f.startsWith('audioset-ucs-similarity'))).toHaveLength(8);
    expect(cached.filter((f) => f.startsWith('audioset-ucs-similarity'))).toHaveLength(2);
  });
});
