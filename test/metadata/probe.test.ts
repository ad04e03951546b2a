import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeError, probeFile } from '../../src-main/metadata/probe';
import {
  addWavChunks,
  bextPayload,
  copySonicPi,
  infoPayload,
  makeTempDir,
  run,
  soxTone,
  toRf64,
} from './helpers/fixtures';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

const IXML = `<?xml version="1.0" encoding="UTF-8"?>
<BWFXML>
  <IXML_VERSION>2.10</IXML_VERSION>
  <PROJECT>Night Shoot</PROJECT>
  <SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE></SPEED>
  <TRACK_LIST>
    <TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><NAME>Boom</NAME></TRACK>
    <TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><NAME>Lav &amp; Co</NAME></TRACK>
  </TRACK_LIST>
  <USER>
    <CATID>DOORWood</CATID>
    <CATEGORY>DOORS</CATEGORY>
    <SUBCATEGORY>WOOD</SUBCATEGORY>
    <FXNAME>Old door creak</FXNAME>
    <DESCRIPTION><![CDATA[Creaky <oak> door, slow open]]></DESCRIPTION>
    <KEYWORDS>door, creak, wood</KEYWORDS>
    <MICROPHONE>MKH 416</MICROPHONE>
  </USER>
</BWFXML>
`;

describe('probeFile on WAV from headers', () => {
  it.each([
    { bits: 16, encoding: 'signed-integer', codec: 'pcm-int', channels: 1, rate: 44100 },
    { bits: 24, encoding: 'signed-integer', codec: 'pcm-int', channels: 2, rate: 48000 },
    { bits: 32, encoding: 'signed-integer', codec: 'pcm-int', channels: 2, rate: 96000 },
    { bits: 32, encoding: 'floating-point', codec: 'pcm-float', channels: 1, rate: 48000 },
    { bits: 8, encoding: 'unsigned-integer', codec: 'pcm-int', channels: 1, rate: 22050 },
  ])('$bits-bit $encoding, $channels ch at $rate Hz', async ({ bits, encoding, codec, channels, rate }) => {
    const path = soxTone(join(dir, `tone-${bits}-${encoding}-${channels}.wav`), {
      bits,
      encoding,
      channels,
      rate,
      seconds: 0.5,
    });
    const probe = await probeFile(path);
    expect(probe).toMatchObject({ format: 'wav', codec, sampleRate: rate, channels, bitDepth: bits, metadata: {} });
    expect(probe.duration).toBeCloseTo(0.5, 5);
  });

  it('reads every bext field including version 2 loudness and the coding history', async () => {
    const path = soxTone(join(dir, 'bwf.wav'));
    const bext = bextPayload({
      description: 'Footsteps on gravel',
      originator: 'Field Recorder 8',
      originatorReference: 'USID-1234',
      originationDate: '2024-05-17',
      originationTime: '13:45:10',
      timeReference: 5_000_000_000n,
      version: 2,
      loudness: [-23.5, 7.2, -1.03, -18, -20.25],
      codingHistory: 'A=PCM,F=44100,W=16,M=mono\r\n',
    });
    addWavChunks(path, [{ id: 'bext', payload: bext }], 'front');
    const { metadata } = await probeFile(path);
    expect(metadata).toMatchObject({
      'bext.Description': 'Footsteps on gravel',
      'bext.Originator': 'Field Recorder 8',
      'bext.OriginatorReference': 'USID-1234',
      'bext.OriginationDate': '2024-05-17',
      'bext.OriginationTime': '13:45:10',
      'bext.TimeReference': '5000000000',
      'bext.Version': '2',
      'bext.LoudnessValue': '-23.50',
      'bext.LoudnessRange': '7.20',
      'bext.MaxTruePeakLevel': '-1.03',
      'bext.MaxMomentaryLoudness': '-18.00',
      'bext.MaxShortTermLoudness': '-20.25',
      'bext.CodingHistory': 'A=PCM,F=44100,W=16,M=mono',
      description: 'Footsteps on gravel',
    });
    expect(metadata['bext.UMID']).toMatch(/^0102030405/);
  });

  it('leaves loudness out for bext version 1 and for unmeasured (0x7FFF) fields', async () => {
    const v1 = soxTone(join(dir, 'bwf-v1.wav'));
    addWavChunks(
      v1,
      [{ id: 'bext', payload: bextPayload({ description: 'v1', version: 1, loudness: [-20, 1, 1, 1, 1] }) }],
      'front',
    );
    expect(Object.keys((await probeFile(v1)).metadata).filter((k) => k.includes('Loud'))).toEqual([]);
    const unset = soxTone(join(dir, 'bwf-unset.wav'));
    addWavChunks(
      unset,
      [{ id: 'bext', payload: bextPayload({ version: 2, loudness: [327.67, 327.67, -1, 327.67, 327.67] }) }],
      'front',
    );
    const { metadata } = await probeFile(unset);
    expect(metadata['bext.MaxTruePeakLevel']).toBe('-1.00');
    expect(metadata['bext.LoudnessValue']).toBeUndefined();
  });

  it('flattens the iXML tree and prefers iXML over bext for the normalised keys', async () => {
    const path = soxTone(join(dir, 'ixml.wav'), { channels: 2 });
    addWavChunks(path, [{ id: 'bext', payload: bextPayload({ description: 'bext text', version: 1 }) }], 'front');
    // iXML after the audio, as many recorders write it: found without reading the data chunk.
    addWavChunks(path, [{ id: 'iXML', payload: Buffer.from(IXML, 'utf8') }], 'after-data');
    const { metadata } = await probeFile(path);
    expect(metadata).toMatchObject({
      'ixml.IXML_VERSION': '2.10',
      'ixml.PROJECT': 'Night Shoot',
      'ixml.SPEED.TIMECODE_RATE': '25/1',
      'ixml.TRACK_LIST.TRACK.1.NAME': 'Boom',
      'ixml.TRACK_LIST.TRACK.2.NAME': 'Lav & Co',
      'ixml.USER.CATID': 'DOORWood',
      'ixml.USER.MICROPHONE': 'MKH 416',
      'ixml.USER.DESCRIPTION': 'Creaky <oak> door, slow open',
      'bext.Description': 'bext text',
      description: 'Creaky <oak> door, slow open',
      keywords: 'door, creak, wood',
      title: 'Old door creak',
      category: 'DOORS',
      subCategory: 'WOOD',
      catId: 'DOORWood',
    });
  });

  it('reads LIST/INFO and uses it when there is no iXML or bext', async () => {
    const path = soxTone(join(dir, 'info.wav'));
    addWavChunks(
      path,
      [
        {
          id: 'LIST',
          payload: infoPayload({ INAM: 'Rain on roof', ICMT: 'Heavy rain, tin roof', IKEY: 'rain; roof' }),
        },
      ],
      'after-data',
    );
    const { metadata } = await probeFile(path);
    expect(metadata).toMatchObject({
      'info.INAM': 'Rain on roof',
      'info.ICMT': 'Heavy rain, tin roof',
      title: 'Rain on roof',
      description: 'Heavy rain, tin roof',
      keywords: 'rain; roof',
    });
  });

  it('reads RF64 sizes from ds64', async () => {
    const path = soxTone(join(dir, 'rf64.wav'), { bits: 24, channels: 2, rate: 48000, seconds: 0.4 });
    addWavChunks(path, [{ id: 'bext', payload: bextPayload({ description: 'big file' }) }], 'front');
    toRf64(path);
    expect(readFileSync(path).toString('latin1', 0, 4)).toBe('RF64');
    const probe = await probeFile(path);
    expect(probe).toMatchObject({ format: 'wav', sampleRate: 48000, channels: 2, bitDepth: 24 });
    expect(probe.duration).toBeCloseTo(0.4, 5);
    expect(probe.metadata.description).toBe('big file');
  });

  it('takes a sox stream WAV whose data size was never filled in', async () => {
    const path = join(dir, 'stream.wav');
    // sox writing to a pipe cannot seek back to fix the sizes.
    const bytes = Buffer.from(
      run('bash', ['-c', 'sox -n -r 8000 -b 16 -c 1 -t wav - synth 0.5 sine 300 | base64 -w0']),
      'base64',
    );
    writeFileSync(path, bytes);
    const probe = await probeFile(path);
    expect(probe.duration).toBeCloseTo(0.5, 3);
  });
});

describe('probeFile on other formats', () => {
  it('reads a sonic-pi FLAC like metaflac does', async () => {
    const path = copySonicPi('ambi_choir.flac', dir);
    const probe = await probeFile(path);
    const [rate, channels, bps, samples] = run('metaflac', [
      '--show-sample-rate',
      '--show-channels',
      '--show-bps',
      '--show-total-samples',
      path,
    ])
      .trim()
      .split('\n')
      .map(Number);
    expect(probe).toMatchObject({ format: 'flac', codec: 'flac', sampleRate: rate, channels, bitDepth: bps });
    expect(probe.duration).toBeCloseTo(samples! / rate!, 6);
  });

  it('reads FLAC Vorbis comments', async () => {
    const path = copySonicPi('bd_808.flac', join(dir));
    run('metaflac', [
      '--set-tag=TITLE=808 kick',
      '--set-tag=DESCRIPTION=Deep kick drum',
      '--set-tag=KEYWORDS=kick, 808',
      path,
    ]);
    const { metadata } = await probeFile(path);
    expect(metadata).toMatchObject({
      'vorbis.TITLE': '808 kick',
      'vorbis.DESCRIPTION': 'Deep kick drum',
      title: '808 kick',
      description: 'Deep kick drum',
      keywords: 'kick, 808',
    });
  });

  it('reads MP3 (lame) with ID3v2 tags; lossy has no bit depth', async () => {
    const wav = soxTone(join(dir, 'for-mp3.wav'), { seconds: 1 });
    const mp3 = join(dir, 'tone.mp3');
    run('lame', [
      '--quiet',
      '--tt',
      'Wind gust',
      '--tc',
      'Strong wind through trees',
      '--tg',
      'AMBIENCE',
      '--tv',
      'TXXX=KEYWORDS=wind, trees',
      wav,
      mp3,
    ]);
    const probe = await probeFile(mp3);
    expect(probe).toMatchObject({ format: 'mp3', sampleRate: 44100, channels: 1, bitDepth: null });
    expect(probe.codec).toMatch(/Layer 3/);
    expect(probe.duration).toBeGreaterThan(0.9);
    expect(probe.duration).toBeLessThan(1.2);
    expect(probe.metadata).toMatchObject({
      'id3.title': 'Wind gust',
      'id3.comment': 'Strong wind through trees',
      'id3.genre': 'AMBIENCE',
      'id3.TXXX:KEYWORDS': 'wind, trees',
      description: 'Strong wind through trees',
      keywords: 'wind, trees',
      category: 'AMBIENCE',
    });
  });

  it('reads Ogg Vorbis comments', async () => {
    const wav = soxTone(join(dir, 'for-ogg.wav'));
    const ogg = join(dir, 'tone.ogg');
    run('oggenc', ['-Q', '-t', 'Hum', '-c', 'DESCRIPTION=Fridge hum', wav, '-o', ogg]);
    const probe = await probeFile(ogg);
    expect(probe).toMatchObject({
      format: 'ogg',
      bitDepth: null,
      metadata: { 'vorbis.TITLE': 'Hum', description: 'Fridge hum' },
    });
  });

  it('reads AIFF and its NAME/ANNO text chunks', async () => {
    const path = soxTone(join(dir, 'tone.aiff'), { bits: 24, channels: 2 });
    appendAiffChunks(path, { NAME: 'Glass clink', ANNO: 'Two wine glasses' });
    const probe = await probeFile(path);
    expect(probe).toMatchObject({ format: 'aiff', sampleRate: 44100, channels: 2, bitDepth: 24 });
    expect(probe.metadata).toMatchObject({
      'aiff.NAME': 'Glass clink',
      'aiff.ANNO': 'Two wine glasses',
      title: 'Glass clink',
      description: 'Two wine glasses',
    });
  });

  it('decides by content, not by extension', async () => {
    const mp3 = join(dir, 'tone.mp3');
    const disguised = join(dir, 'really-an-mp3.wav');
    copyFileSync(mp3, disguised);
    expect((await probeFile(disguised)).format).toBe('mp3');
    const flacNamedMp3 = join(dir, 'really-a-flac.mp3');
    copyFileSync(join(dir, 'ambi_choir.flac'), flacNamedMp3);
    expect((await probeFile(flacNamedMp3)).format).toBe('flac');
    const noExtension = join(dir, 'no-extension');
    copyFileSync(join(dir, 'tone-16-signed-integer-1.wav'), noExtension);
    expect((await probeFile(noExtension)).format).toBe('wav');
  });
});

describe('probeFile failures', () => {
  const expectProbeError = async (path: string, reason: RegExp) => {
    const error = await probeFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).message).toMatch(reason);
  };

  it('reports empty, non-audio, missing and folder paths', async () => {
    writeFileSync(join(dir, 'empty.wav'), '');
    await expectProbeError(join(dir, 'empty.wav'), /empty/);
    writeFileSync(join(dir, 'notes.wav'), 'just some text, not audio at all\n'.repeat(20));
    await expectProbeError(join(dir, 'notes.wav'), /not a recognised audio file/);
    writeFileSync(join(dir, 'noise.mp3'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    await expectProbeError(join(dir, 'noise.mp3'), /not a recognised audio file/);
    await expectProbeError(join(dir, 'missing.wav'), /ENOENT/);
    mkdirSync(join(dir, 'folder.wav'));
    await expectProbeError(join(dir, 'folder.wav'), /not a regular file/);
  });

  it('reports truncated WAV and FLAC files', async () => {
    const wav = readFileSync(soxTone(join(dir, 'whole.wav'), { seconds: 1 }));
    writeFileSync(join(dir, 'cut-header.wav'), wav.subarray(0, 30));
    await expectProbeError(join(dir, 'cut-header.wav'), /truncated/);
    writeFileSync(join(dir, 'cut-audio.wav'), wav.subarray(0, wav.length / 2));
    await expectProbeError(join(dir, 'cut-audio.wav'), /truncated WAV file: the data chunk claims/);
    const flac = readFileSync(join(dir, 'ambi_choir.flac'));
    writeFileSync(join(dir, 'cut.flac'), flac.subarray(0, 20));
    await expectProbeError(join(dir, 'cut.flac'), /damaged FLAC/);
  });

  it('reports a WAV with no audio chunk', async () => {
    const fmtOnly = Buffer.alloc(36);
    fmtOnly.write('RIFF', 0, 'latin1');
    fmtOnly.writeUInt32LE(28, 4);
    fmtOnly.write('WAVEfmt ', 8, 'latin1');
    fmtOnly.writeUInt32LE(16, 16);
    fmtOnly.writeUInt16LE(1, 20);
    fmtOnly.writeUInt16LE(1, 22);
    fmtOnly.writeUInt32LE(44100, 24);
    writeFileSync(join(dir, 'no-data.wav'), fmtOnly);
    await expectProbeError(join(dir, 'no-data.wav'), /without a data chunk/);
  });
});

/** Appends big-endian IFF text chunks to an AIFF file and fixes the FORM size. */
function appendAiffChunks(path: string, chunks: Record<string, string>): void {
  const parts = [readFileSync(path)];
  for (const [id, text] of Object.entries(chunks)) {
    const body = Buffer.from(text, 'latin1');
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32BE(body.length, 4);
    parts.push(head, body, Buffer.alloc(body.length & 1));
  }
  const file = Buffer.concat(parts);
  file.writeUInt32BE(file.length - 8, 4);
  writeFileSync(path, file);
}
