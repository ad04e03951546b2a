import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The training corpus's rules, read from training/*.py itself (stdlib only: any python3 runs them): what it may
// never take (the reserved packages, the dev libraries' files), the MIDI it renders from, and how a variant is named.
const ROOT = join(import.meta.dirname, '..', '..');
const TRAINING = join(ROOT, 'training');

function python(code: string): unknown {
  const run = spawnSync(
    'python3',
    ['-c', `import sys, json; sys.path.insert(0, ${JSON.stringify(TRAINING)})\n${code}`],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const sources = python(
  'import build_corpus as b; print(json.dumps({"sources": b.SOURCES, "reserved": b.RESERVED, "heldOut2": b.HELD_OUT_2}))',
) as { sources: [string, string, string | null, string][]; reserved: string[]; heldOut2: string[] };

/** `pkg: '...'` and `from: '...'` of an eval/build-library*.mjs SOURCES list. */
function devSources(file: string): { pkg: string; from?: string }[] {
  const text = readFileSync(join(ROOT, 'eval', file), 'utf8');
  return [...text.matchAll(/\{\s*pkg: '([^']+)'(?:,\s*from:\s*'([^']+)')?/g)].map((m) => ({ pkg: m[1]!, from: m[2] }));
}

describe('training corpus sources', () => {
  it('never takes a reserved package or one of dev library 2', () => {
    const library2 = devSources('build-library-2.mjs').map((s) => s.pkg);
    expect(library2.length).toBeGreaterThan(5);
    expect([...sources.heldOut2].sort()).toEqual([...new Set(library2)].sort());
    for (const [pkg] of sources.sources) {
      expect(sources.reserved).not.toContain(pkg);
      expect(library2).not.toContain(pkg);
    }
  });

  it('excludes every folder dev library 1 takes from a package it shares', () => {
    const library1 = devSources('build-library.mjs').filter((s) => s.from);
    const shared = library1.filter((s) => sources.sources.some(([pkg]) => pkg === s.pkg));
    expect(shared.map((s) => s.pkg)).toEqual(expect.arrayContaining(['lmms-common', 'hydrogen-drumkits']));
    const excluded = python(
      `import re, build_corpus as b\nfolders = ${JSON.stringify(shared)}\n` +
        'out = []\nfor f in folders:\n  for pkg, root, member, exclude in b.SOURCES:\n    if pkg == f["pkg"]:\n' +
        '      path = f["from"] + "/x.wav"\n' +
        '      out.append(bool(re.search(exclude, path if exclude.startswith("^") else "/" + path[len(root):].lstrip("/"))))\n' +
        'print(json.dumps(out))',
    ) as boolean[];
    expect(excluded.length).toBe(shared.length);
    expect(excluded.every(Boolean)).toBe(true);
  });
});

describe('synthetic renders', () => {
  it('writes a type-0 MIDI file with the program change and each note on and off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hark-midi-'));
    try {
      const file = join(dir, 'take.mid');
      python(
        `import synth_corpus as s\ns.midi_file(${JSON.stringify(file)}, 40, [(60, 100, 0, 960), (64, 90, 480, 480)])\nprint(1)`,
      );
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 4).toString()).toBe('MThd');
      expect(bytes.readUInt16BE(8)).toBe(0); // format 0
      expect(bytes.readUInt16BE(12)).toBe(480); // ticks per quarter
      expect(bytes.subarray(14, 18).toString()).toBe('MTrk');
      const track = bytes.subarray(22, 22 + bytes.readUInt32BE(18));
      // delta 0: program 40; 0: note on 60; 480 (0x83 0x60): note on 64; 480: both off; end of track.
      expect([...track]).toEqual([
        0, 0xc0, 40, 0, 0x90, 60, 100, 0x83, 0x60, 0x90, 64, 90, 0x83, 0x60, 0x80, 60, 0, 0, 0x80, 64, 0, 0, 0xff, 0x2f,
        0,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the General MIDI programs and percussion keys of the standard', () => {
    const names = python('import synth_corpus as s; print(json.dumps([s.GM_PROGRAMS, s.GM_DRUMS]))') as string[][];
    expect(names[0]).toHaveLength(128);
    expect(names[1]).toHaveLength(81 - 35 + 1);
    expect([names[0]![0], names[0]![40], names[0]![127]]).toEqual(['acoustic grand piano', 'violin', 'gunshot']);
    expect([names[1]![38 - 35], names[1]![56 - 35]]).toEqual(['acoustic snare', 'cowbell']);
  });
});

describe('augmented variants', () => {
  it('give each file one change, the same on every run, captioned with the original caption', () => {
    const out = python(
      'import augment_corpus as a\npaths = ["/x/a.wav", "/x/b.wav", "/x/c.wav", "/x/d.wav", "/x/e.wav", "/x/f.wav"]\n' +
        'print(json.dumps([[a.change_for(p)[0], a.change_for(p)[2].format("door slam")] for p in paths]))',
    ) as [string, string][];
    const again = python('import augment_corpus as a; print(json.dumps(a.change_for("/x/a.wav")[0]))');
    expect(again).toBe(out[0]![0]);
    expect(new Set(out.map(([name]) => name)).size).toBeGreaterThan(1);
    for (const [, caption] of out) expect(caption).toContain('door slam');
  });
});
