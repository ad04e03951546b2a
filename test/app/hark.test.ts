import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HarkEvent } from '../../src-main/api/contract';
import { catalogueProbe } from '../../src-main/app/catalogue-probe';
import { Hark } from '../../src-main/app/hark';
import { VERSION } from '../../src-main/app/version';
import { loadUcsTable } from '../../src-main/metadata/ucs';
import { installedDir } from '../helpers/models';
import { openTestCore, waitFor } from '../helpers/open-core';
import { sonicPi, tone } from '../helpers/sounds';
import { useTempDirs } from '../helpers/temp';

// The Hark service as its callers (IPC, HTTP, CLI) see it: a real library on a temp SQLite file, real audio, no models.
describe('Hark service', () => {
  const tempDir = useTempDirs();
  const opened: Hark[] = [];
  afterEach(() => {
    for (const hark of opened.splice(0)) hark.close();
  });

  async function open(dir: string): Promise<Hark> {
    const hark = await openTestCore(dir);
    opened.push(hark);
    return hark;
  }

  /** A library of five sounds (one broken) in two folders. */
  function library() {
    const dir = tempDir();
    const root = join(dir, 'library');
    mkdirSync(join(root, 'drums'), { recursive: true });
    mkdirSync(join(root, 'tones'));
    sonicPi(join(root, 'drums'), 'bd_haus.flac', 'kick_haus.flac');
    sonicPi(join(root, 'drums'), 'sn_dolf.flac', 'snare_dolf.flac');
    tone(join(root, 'tones'), 'tone_a.wav', { seconds: 1, freq: 440, rate: 44100, channels: 2, bits: 24 });
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '--comment',
      'TITLE=Gentle hum',
      join(root, 'tones', 'hum.flac'),
      'synth',
      '0.5',
      'sine',
      '100',
      'vol',
      '0.5',
    ]);
    writeFileSync(join(root, 'corrupt.wav'), Buffer.from('RIFF\x10\x00\x00\x00WAVEjunkjunkjunk', 'latin1'));
    return { dir, root };
  }

  async function indexed() {
    const { dir, root } = library();
    const hark = await open(dir);
    await hark.addRoot({ path: root });
    await hark.indexNow();
    const idOf = async (name: string) => {
      const hit = (await hark.search({ text: '', limit: 100 })).hits.find((h) => h.name === name);
      if (!hit) throw new Error(`${name} is not in the library`);
      return hit.id;
    };
    return { dir, root, hark, idOf };
  }

  const names = (response: { hits: { name: string }[] }) => response.hits.map((hit) => hit.name).sort();

  describe('library folders and indexing', () => {
    it('adds, lists and removes a folder, announcing each change', async () => {
      const { dir, root } = library();
      const hark = await open(dir);
      const events: HarkEvent['type'][] = [];
      hark.onEvent((event) => events.push(event.type));

      const added = await hark.addRoot({ path: root });
      expect(added).toMatchObject({ path: root, fileCount: 0 });
      expect(await hark.listRoots()).toEqual([added]);
      expect(events).toEqual(['library-changed']);

      expect(await hark.removeRoot({ path: root })).toEqual({ removed: true });
      expect(await hark.listRoots()).toEqual([]);
      expect(await hark.removeRoot({ path: root })).toEqual({ removed: false });
      expect(events).toEqual(['library-changed', 'library-changed']);
    });

    it('refuses a relative or missing folder as a bad request', async () => {
      const { dir } = library();
      const hark = await open(dir);
      await expect(hark.addRoot({ path: 'library' })).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringContaining('absolute'),
      });
      await expect(hark.addRoot({ path: join(dir, 'nope') })).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringContaining('does not exist'),
      });
      expect(await hark.listRoots()).toEqual([]);
    });

    it('indexes every readable file, records the broken one, and counts them in info', async () => {
      const { dir, hark } = await indexed();
      expect(await hark.getInfo()).toMatchObject({
        version: VERSION,
        dbPath: join(dir, 'library.db'),
        roots: 1,
        files: 5,
        analysed: 4,
        failed: 1,
        pending: 0,
        model: { id: 'efficientat-mn04-as', installed: false },
        searchModel: 'label-bridge',
        executionProvider: 'none (no audio model)',
      });
      expect((await hark.listRoots())[0]!.fileCount).toBe(5);
      const { failures } = await hark.listFailures({});
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({
        path: expect.stringMatching(/corrupt\.wav$/),
        stage: 'catalogue',
        reason: expect.stringMatching(/truncated|chunk/i),
      });
      expect(await hark.listFailures({ limit: 1 })).toMatchObject({ total: 1, next: null });
      expect(await hark.listFailures({ limit: 0 })).toEqual({ failures: [], total: 1, next: 0 });
      await expect(hark.listFailures({ offset: -1 })).rejects.toMatchObject({ code: 'bad-request' });
      expect(await hark.getProgress()).toMatchObject({ phase: 'done', filesDone: 4, filesTotal: 4, failed: 0 });
    });

    it('reports progress events ending in done, and stops reporting once unsubscribed', async () => {
      const { dir, root } = library();
      const hark = await open(dir);
      await hark.addRoot({ path: root });
      const phases: string[] = [];
      const unsubscribe = hark.onEvent((event) => event.type === 'progress' && phases.push(event.progress.phase));
      await hark.indexNow();
      expect(phases).toContain('catalogue');
      expect(phases).toContain('analysis');
      expect(phases.at(-1)).toBe('done');
      unsubscribe();
      const seen = phases.length;
      await hark.indexNow();
      expect(phases).toHaveLength(seen);
    });

    it('indexes in the background from startIndexing', async () => {
      const { dir, root } = library();
      const hark = await open(dir);
      await hark.addRoot({ path: root });
      const started = await hark.startIndexing({});
      expect(['idle', 'catalogue']).toContain(started.phase);
      await waitFor(async () => (await hark.getProgress()).phase === 'done');
      expect((await hark.getInfo()).analysed).toBe(4);
    });

    it('catalogues without analysing when asked', async () => {
      const { dir, root } = library();
      const hark = await open(dir);
      await hark.addRoot({ path: root });
      await hark.indexNow(false);
      expect(await hark.getInfo()).toMatchObject({ files: 5, analysed: 0, failed: 1, pending: 4 });
    });
  });

  describe('files', () => {
    it('returns a file with its format, metadata and (empty) tags and collections', async () => {
      const { root, hark, idOf } = await indexed();
      const id = await idOf('hum.flac');
      const file = await hark.getFile({ fileId: id });
      expect(file).toMatchObject({
        id,
        path: join(root, 'tones', 'hum.flac'),
        name: 'hum.flac',
        folder: join(root, 'tones'),
        format: 'flac',
        codec: 'flac',
        duration: 0.5,
        sampleRate: 48000,
        channels: 1,
        status: 'analysed',
        favourite: false,
        error: null,
        tags: [],
        userTags: [],
        collections: [],
      });
      expect(file.metadata['vorbis.TITLE']).toBe('Gentle hum');
      expect(file.size).toBeGreaterThan(1000);
      expect(file.caption).toBeUndefined();

      const wav = await hark.getFile({ fileId: await idOf('tone_a.wav') });
      expect(wav).toMatchObject({
        format: 'wav',
        codec: 'pcm-int',
        duration: 1,
        sampleRate: 44100,
        channels: 2,
        bitDepth: 24,
      });
    });

    it('keeps the reason a broken file failed', async () => {
      const { hark, idOf } = await indexed();
      const file = await hark.getFile({ fileId: await idOf('corrupt.wav') });
      expect(file).toMatchObject({
        status: 'failed',
        format: 'unknown',
        duration: null,
        error: expect.stringMatching(/truncated|chunk/i),
      });
    });

    it('returns the waveform of an analysed file: min/max pairs at the stored rate', async () => {
      const { hark, idOf } = await indexed();
      const id = await idOf('tone_a.wav');
      const peaks = await hark.getPeaks({ fileId: id });
      expect(peaks).toMatchObject({ fileId: id, duration: 1, rate: 100 });
      expect(peaks.data).toHaveLength(200);
      const mins = peaks.data.filter((_, i) => i % 2 === 0);
      const maxes = peaks.data.filter((_, i) => i % 2 === 1);
      // A sine at half scale: every 10 ms slice spans a whole cycle of 440 Hz.
      for (const value of mins) expect(value).toBeCloseTo(-0.5, 1);
      for (const value of maxes) expect(value).toBeCloseTo(0.5, 1);
    });

    it('has no waveform for a file not analysed yet', async () => {
      const { dir, root } = library();
      const hark = await open(dir);
      await hark.addRoot({ path: root });
      await hark.indexNow(false);
      const kick = (await hark.search({ text: 'kick' })).hits[0]!;
      await expect(hark.getPeaks({ fileId: kick.id })).rejects.toMatchObject({
        code: 'not-found',
        message: 'kick_haus.flac has no waveform yet: it has not been analysed.',
      });
    });

    it('answers not-found for a file id that does not exist', async () => {
      const { hark } = await indexed();
      const missing = { code: 'not-found', message: 'No file with id 999.' };
      await expect(hark.getFile({ fileId: 999 })).rejects.toMatchObject(missing);
      await expect(hark.getPeaks({ fileId: 999 })).rejects.toMatchObject(missing);
      await expect(hark.setUserTags({ fileId: 999, tags: ['x'] })).rejects.toMatchObject(missing);
      await expect(hark.setFavourite({ fileId: 999, favourite: true })).rejects.toMatchObject(missing);
      await expect(hark.similar({ fileId: 999 })).rejects.toMatchObject(missing);
    });

    it('finds nothing similar to a file without audio features (no model installed)', async () => {
      const { hark, idOf } = await indexed();
      expect(await hark.similar({ fileId: await idOf('kick_haus.flac') })).toMatchObject({
        hits: [],
        total: 0,
        used: { neural: false },
      });
    });
  });

  describe('search', () => {
    it('finds files by name and folder words, explaining the matched terms', async () => {
      const { hark } = await indexed();
      const response = await hark.search({ text: 'kick' });
      expect(response).toMatchObject({ text: 'kick', total: 1, used: { keyword: true, neural: false } });
      expect(response.hits[0]).toMatchObject({
        name: 'kick_haus.flac',
        format: 'flac',
        explanation: { matchedTerms: ['kick'] },
      });
      expect(names(await hark.search({ text: 'drums' }))).toEqual(['kick_haus.flac', 'snare_dolf.flac']);
      expect(names(await hark.search({ text: 'drums -snare' }))).toEqual(['kick_haus.flac']);
    });

    it('finds files by the words in their metadata', async () => {
      const { hark } = await indexed();
      expect(names(await hark.search({ text: 'gentle' }))).toEqual(['hum.flac']);
    });

    it('browses the library with an empty query, filtered and sorted', async () => {
      const { root, hark } = await indexed();
      const all = await hark.search({ text: '', limit: 100, sort: 'name' });
      expect(all.hits.map((hit) => hit.name)).toEqual([
        'corrupt.wav',
        'hum.flac',
        'kick_haus.flac',
        'snare_dolf.flac',
        'tone_a.wav',
      ]);
      expect(all.total).toBe(5);
      // The broken .wav is not counted as a WAV: its format is what its bytes say, and they say nothing.
      expect(names(await hark.search({ text: '', filters: { formats: ['wav'] } }))).toEqual(['tone_a.wav']);
      expect(names(await hark.search({ text: '', filters: { folder: join(root, 'tones') } }))).toEqual([
        'hum.flac',
        'tone_a.wav',
      ]);
      expect(names(await hark.search({ text: '', filters: { minDuration: 0.45 } }))).toEqual([
        'hum.flac',
        'tone_a.wav',
      ]);
      expect(names(await hark.search({ text: '', filters: { sampleRates: [48000] } }))).toEqual(['hum.flac']);
      const page = await hark.search({ text: '', limit: 2, offset: 1, sort: 'name' });
      expect(page.hits.map((hit) => hit.name)).toEqual(['hum.flac', 'kick_haus.flac']);
      // The count is of every file browsed, not of the page (a list that pages on needs to know where the end is).
      expect(page.total).toBe(5);
      expect((await hark.search({ text: '', limit: 1, filters: { folder: join(root, 'tones') } })).total).toBe(2);
    });

    it('browses everything but the files a query of -words only names, in the order asked for', async () => {
      const { hark } = await indexed();
      const butKicks = await hark.search({ text: '-kick', sort: 'name', descending: true, limit: 2 });
      expect(butKicks.hits.map((hit) => hit.name)).toEqual(['tone_a.wav', 'snare_dolf.flac']);
      expect(butKicks.total).toBe(4);
      expect(names(await hark.search({ text: '-kick -snare', sort: 'name' }))).toEqual([
        'corrupt.wav',
        'hum.flac',
        'tone_a.wav',
      ]);
    });

    it('says why no sound matching answered only when the search asked for it', async () => {
      const { hark } = await indexed();
      expect((await hark.search({ text: 'kick' })).soundUnavailable).toMatch(/no sound model is installed/);
      expect((await hark.search({ text: 'kick', mode: 'keyword' })).soundUnavailable).toBeUndefined();
      expect((await hark.search({ text: '-kick' })).soundUnavailable).toBeUndefined();
    });

    it('refuses a query over 1000 characters', async () => {
      const { hark } = await indexed();
      await expect(hark.search({ text: 'a'.repeat(1001) })).rejects.toMatchObject({ code: 'bad-request' });
    });

    it('refuses to search with a model that is not installed', async () => {
      const { hark } = await indexed();
      await expect(hark.search({ text: 'kick', model: 'hark-heads' })).rejects.toMatchObject({
        code: 'bad-request',
        message: expect.stringContaining('hark-heads'),
      });
    });
  });

  describe('UCS categories (with the UCS table installed)', () => {
    it('names each file’s own category from its name or metadata, on the file, in results and as a filter', async () => {
      const dir = tempDir();
      const root = join(dir, 'library');
      mkdirSync(root);
      tone(root, 'DOORWood_Slam_JD_LIB.wav');
      execFileSync('sox', [
        '-n',
        '-r',
        '44100',
        '-c',
        '1',
        '--comment',
        'CATID=FEETHmn',
        join(root, 'steps.flac'),
        'synth',
        '0.3',
        'pinknoise',
        'vol',
        '0.3',
      ]);
      tone(root, 'plain.wav');
      mkdirSync(join(dir, 'no-models'));
      const table = await loadUcsTable(installedDir('ucs'));
      const hark = await Hark.open({
        dbPath: join(dir, 'library.db'),
        modelsDir: join(dir, 'no-models'),
        probe: catalogueProbe(table),
        ucsTable: table,
        workers: 0,
        keywordOnly: true,
      });
      opened.push(hark);
      await hark.addRoot({ path: root });
      await hark.indexNow();
      const byName = new Map((await hark.search({ text: '', limit: 10 })).hits.map((hit) => [hit.name, hit]));
      expect(byName.get('DOORWood_Slam_JD_LIB.wav')!.explanation.ucs).toEqual({
        catId: 'DOORWood',
        category: 'DOORS',
        subCategory: 'WOOD',
        confidence: 1,
        source: 'filename',
      });
      expect(byName.get('plain.wav')!.explanation.ucs).toBeUndefined();
      const steps = await hark.getFile({ fileId: byName.get('steps.flac')!.id });
      expect(steps.ucs).toEqual({
        catId: 'FEETHmn',
        category: 'FOOTSTEPS',
        subCategory: 'HUMAN',
        confidence: 1,
        source: 'metadata',
      });
      expect(names(await hark.search({ text: '', filters: { ucsCategory: 'DOORWood' } }))).toEqual([
        'DOORWood_Slam_JD_LIB.wav',
      ]);
      expect(names(await hark.search({ text: '', filters: { ucsCategory: 'FOOTSTEPS' } }))).toEqual(['steps.flac']);
    });
  });

  describe('tags and favourites', () => {
    it('sets a file’s own tags, shows them on the file and filters search by them', async () => {
      const { hark, idOf } = await indexed();
      const kick = await idOf('kick_haus.flac');
      const updated = await hark.setUserTags({ fileId: kick, tags: ['punchy', 'low end'] });
      expect([...updated.userTags].sort()).toEqual(['low end', 'punchy']);
      expect([...(await hark.getFile({ fileId: kick })).userTags].sort()).toEqual(['low end', 'punchy']);
      expect(names(await hark.search({ text: '', filters: { tags: ['punchy'] } }))).toEqual(['kick_haus.flac']);

      const cleared = await hark.setUserTags({ fileId: kick, tags: [] });
      expect(cleared.userTags).toEqual([]);
      expect(names(await hark.search({ text: '', filters: { tags: ['punchy'] } }))).toEqual([]);
    });

    it('marks and unmarks a favourite, and filters search to favourites', async () => {
      const { hark, idOf } = await indexed();
      const snare = await idOf('snare_dolf.flac');
      expect((await hark.setFavourite({ fileId: snare, favourite: true })).favourite).toBe(true);
      expect(names(await hark.search({ text: '', filters: { favouritesOnly: true } }))).toEqual(['snare_dolf.flac']);
      expect(names(await hark.search({ text: 'drums', filters: { favouritesOnly: true } }))).toEqual([
        'snare_dolf.flac',
      ]);
      expect((await hark.setFavourite({ fileId: snare, favourite: false })).favourite).toBe(false);
      expect(names(await hark.search({ text: '', filters: { favouritesOnly: true } }))).toEqual([]);
    });

    it('tags and favours several files at once, keeping their other tags, and names the ids it does not know', async () => {
      const { hark, idOf } = await indexed();
      const kick = await idOf('kick_haus.flac');
      const snare = await idOf('snare_dolf.flac');
      await hark.setUserTags({ fileId: kick, tags: ['punchy'] });
      expect(await hark.tagFiles({ fileIds: [kick, snare, 99_999], add: ['thud', 'Punchy'] })).toEqual({
        changed: 2,
        missing: [99_999],
      });
      expect((await hark.getFile({ fileId: kick })).userTags).toEqual(['punchy', 'thud']);
      expect((await hark.getFile({ fileId: snare })).userTags).toEqual(['Punchy', 'thud']);
      // Found by the new words at once, as a single edit is.
      expect(names(await hark.search({ text: 'thud', mode: 'keyword' }))).toEqual([
        'kick_haus.flac',
        'snare_dolf.flac',
      ]);
      expect(await hark.tagFiles({ fileIds: [kick, snare], remove: ['PUNCHY'] })).toEqual({ changed: 2, missing: [] });
      expect((await hark.getFile({ fileId: kick })).userTags).toEqual(['thud']);
      // Nothing to change is no change.
      expect(await hark.tagFiles({ fileIds: [kick], add: ['thud'] })).toEqual({ changed: 0, missing: [] });

      expect(await hark.setFavourites({ fileIds: [kick, snare], favourite: true })).toEqual({
        changed: 2,
        missing: [],
      });
      expect(names(await hark.search({ text: '', filters: { favouritesOnly: true } }))).toEqual([
        'kick_haus.flac',
        'snare_dolf.flac',
      ]);
      expect(await hark.setFavourites({ fileIds: [kick], favourite: true })).toEqual({ changed: 0, missing: [] });
    });
  });

  describe('collections', () => {
    it('creates, fills, empties and deletes a collection', async () => {
      const { hark, idOf } = await indexed();
      const kick = await idOf('kick_haus.flac');
      const snare = await idOf('snare_dolf.flac');

      const created = await hark.createCollection({ name: '  Hits  ' });
      expect(created).toEqual({ id: created.id, name: 'Hits', fileCount: 0 });
      // The same name again is the same collection.
      expect(await hark.createCollection({ name: 'Hits' })).toEqual(created);

      // Unknown file ids are left out rather than failing the whole request.
      expect(await hark.addToCollection({ id: created.id, fileIds: [kick, snare, 999] })).toEqual({
        ...created,
        fileCount: 2,
      });
      expect((await hark.getFile({ fileId: kick })).collections).toEqual([created.id]);
      expect(names(await hark.search({ text: '', filters: { collectionId: created.id } }))).toEqual([
        'kick_haus.flac',
        'snare_dolf.flac',
      ]);

      expect(await hark.removeFromCollection({ id: created.id, fileIds: [kick] })).toEqual({
        ...created,
        fileCount: 1,
      });
      expect((await hark.getFile({ fileId: kick })).collections).toEqual([]);
      expect(await hark.listCollections()).toEqual([{ ...created, fileCount: 1 }]);

      expect(await hark.deleteCollection({ id: created.id })).toEqual({ removed: true });
      expect(await hark.deleteCollection({ id: created.id })).toEqual({ removed: false });
      expect(await hark.listCollections()).toEqual([]);
      expect((await hark.getFile({ fileId: snare })).collections).toEqual([]);
    });

    it('names a collection without a name "Untitled" and lists collections by name', async () => {
      const { hark } = await indexed();
      await hark.createCollection({ name: 'Zaps' });
      await hark.createCollection({ name: '   ' });
      await hark.createCollection({ name: 'Ambience' });
      expect((await hark.listCollections()).map((c) => c.name)).toEqual(['Ambience', 'Untitled', 'Zaps']);
    });

    it('answers not-found for a collection that does not exist', async () => {
      const { hark, idOf } = await indexed();
      const kick = await idOf('kick_haus.flac');
      const missing = { code: 'not-found', message: 'No collection with id 42.' };
      await expect(hark.addToCollection({ id: 42, fileIds: [kick] })).rejects.toMatchObject(missing);
      await expect(hark.removeFromCollection({ id: 42, fileIds: [kick] })).rejects.toMatchObject(missing);
    });
  });

  describe('settings', () => {
    it('starts from the defaults and changes only what is given', async () => {
      const { dir } = library();
      const hark = await open(dir);
      expect(await hark.getSettings()).toEqual({
        executionProvider: 'auto',
        model: 'efficientat-mn04-as',
        searchModel: 'label-bridge',
        theme: 'dark',
      });
      expect(await hark.setSettings({ theme: 'light', executionProvider: 'cpu' })).toEqual({
        executionProvider: 'cpu',
        model: 'efficientat-mn04-as',
        searchModel: 'label-bridge',
        theme: 'light',
      });
      await hark.setSettings({ searchModel: 'hark-heads' });
      expect((await hark.getInfo()).searchModel).toBe('hark-heads');
    });
  });

  it('keeps settings, tags, favourites and collections in the library file across restarts', async () => {
    const { dir, hark, idOf } = await indexed();
    const kick = await idOf('kick_haus.flac');
    await hark.setSettings({ theme: 'light' });
    await hark.setUserTags({ fileId: kick, tags: ['punchy'] });
    await hark.setFavourite({ fileId: kick, favourite: true });
    const collection = await hark.createCollection({ name: 'Hits' });
    await hark.addToCollection({ id: collection.id, fileIds: [kick] });
    opened.splice(opened.indexOf(hark), 1);
    hark.close();

    const again = await open(dir);
    expect((await again.getSettings()).theme).toBe('light');
    expect(await again.getFile({ fileId: kick })).toMatchObject({
      name: 'kick_haus.flac',
      favourite: true,
      userTags: ['punchy'],
      collections: [collection.id],
    });
    expect(await again.listCollections()).toEqual([{ ...collection, fileCount: 1 }]);
    expect((await again.getInfo()).analysed).toBe(4);
  });
});
