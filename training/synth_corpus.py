"""Renders the synthetic part of the training corpus: General MIDI instruments (fluidsynth + Debian's TimGM6mb
soundfont, named by program and the GM percussion map) and speech in espeak-ng's voice variants.

Each render is captioned by what it is ("violin low note", "hand clap drum hit", "woman speaking", "whispering
voice"): the names are the GM standard's and espeak-ng's own descriptions of its voices, never a dev-set query.
Renders are cached in <work>/synth/; a render that exists is kept. Needs fluidsynth, timgm6mb-soundfont, espeak-ng.

    entries = synth_corpus.build(work)   # [{ path, caption, source }]
"""
import os
import random
import re
import shutil
import struct
import subprocess
import sys

SOUNDFONT = '/usr/share/sounds/sf2/TimGM6mb.sf2'
# (package, soundfont) of each drum kit played through the percussion map: the GM one and avldrums.lv2-soundfont's
# two acoustic kits (keys a kit lacks render silent and are dropped).
DRUM_KITS = [('timgm6mb-soundfont', SOUNDFONT),
             ('avldrums.lv2-soundfont', '/usr/share/sounds/sf2/Black_Pearl_4_LV2.sf2'),
             ('avldrums.lv2-soundfont', '/usr/share/sounds/sf2/Red_Zeppelin_4_LV2.sf2')]
RATE = 32000  # mn04's rate: no resampling on the way in

# The General MIDI level 1 program names, program 1-128 (the standard's, lower-cased).
GM_PROGRAMS = '''acoustic grand piano;bright acoustic piano;electric grand piano;honky-tonk piano;electric piano;
electric piano;harpsichord;clavinet;celesta;glockenspiel;music box;vibraphone;marimba;xylophone;tubular bells;
dulcimer;drawbar organ;percussive organ;rock organ;church organ;reed organ;accordion;harmonica;tango accordion;
acoustic guitar nylon;acoustic guitar steel;electric guitar jazz;electric guitar clean;electric guitar muted;
overdriven guitar;distortion guitar;guitar harmonics;acoustic bass;electric bass finger;electric bass pick;
fretless bass;slap bass;slap bass;synth bass;synth bass;violin;viola;cello;contrabass;tremolo strings;
pizzicato strings;orchestral harp;timpani;string ensemble;string ensemble;synth strings;synth strings;choir aahs;
voice oohs;synth voice;orchestra hit;trumpet;trombone;tuba;muted trumpet;french horn;brass section;synth brass;
synth brass;soprano sax;alto sax;tenor sax;baritone sax;oboe;english horn;bassoon;clarinet;piccolo;flute;recorder;
pan flute;blown bottle;shakuhachi;whistle;ocarina;square lead synth;sawtooth lead synth;calliope lead;chiff lead;
charang lead;voice lead;fifths lead;bass and lead synth;new age pad;warm pad;polysynth pad;choir pad;bowed pad;
metallic pad;halo pad;sweep pad;rain effect;soundtrack effect;crystal effect;atmosphere effect;brightness effect;
goblins effect;echoes effect;sci-fi effect;sitar;banjo;shamisen;koto;kalimba;bagpipe;fiddle;shanai;tinkle bell;
agogo;steel drums;woodblock;taiko drum;melodic tom;synth drum;reverse cymbal;guitar fret noise;breath noise;
seashore;bird tweet;telephone ring;helicopter;applause;gunshot'''.replace('\n', '').split(';')

# The GM percussion map, keys 35-81 on channel 10.
GM_DRUMS = '''acoustic bass drum;bass drum;side stick;acoustic snare;hand clap;electric snare;low floor tom;closed hi-hat;
high floor tom;pedal hi-hat;low tom;open hi-hat;low mid tom;high mid tom;crash cymbal;high tom;ride cymbal;
chinese cymbal;ride bell;tambourine;splash cymbal;cowbell;crash cymbal;vibraslap;ride cymbal;high bongo;low bongo;
mute high conga;open high conga;low conga;high timbale;low timbale;high agogo;low agogo;cabasa;maracas;
short whistle;long whistle;short guiro;long guiro;claves;high wood block;low wood block;mute cuica;open cuica;
mute triangle;open triangle'''.replace('\n', '').split(';')

SENTENCES = ['the weather will be cold tomorrow morning', 'please close the door behind you',
             'we are leaving in five minutes', 'turn left at the next corner', 'this is the final call for boarding',
             'the meeting starts at nine', 'can you hear me now', 'thank you for waiting',
             'the train to the city is delayed', 'keep your hands inside the vehicle', 'one two three four five',
             'welcome back, how was your day', 'the package arrived this afternoon', 'do not touch the red button',
             'I will be there in a moment', 'the results are ready']

VARIANT_CAPTIONS = {'whisper': 'man whispering', 'whisperf': 'woman whispering', 'croak': 'croaking hoarse voice',
                    'Demonic': 'deep demonic voice', 'UniRobot': 'robot voice', 'anikaRobot': 'robot voice',
                    'announcer': 'public address announcement voice', 'grandpa': 'old man speaking',
                    'aunty': 'woman speaking'}


def note_name(pitch):
    return 'low' if pitch < 55 else ('high' if pitch > 72 else 'middle')


def midi_file(path, program, notes, channel=0):
    """A one-track type-0 MIDI file: program change, then each (pitch, velocity, start tick, length ticks)."""
    events = [] if channel == 9 else [(0, bytes([0xC0 | channel, program]))]
    for pitch, velocity, start, length in notes:
        events.append((start, bytes([0x90 | channel, pitch, velocity])))
        events.append((start + length, bytes([0x80 | channel, pitch, 0])))
    events.sort(key=lambda e: e[0])
    track, now = b'', 0
    for tick, data in events:
        delta, now = tick - now, tick
        varlen = [delta & 0x7F]
        while delta > 0x7F:
            delta >>= 7
            varlen.insert(0, (delta & 0x7F) | 0x80)
        track += bytes(varlen) + data
    track += b'\x00\xff\x2f\x00'
    with open(path, 'wb') as f:  # 480 ticks per quarter at the default 120 bpm: 960 ticks a second
        f.write(b'MThd' + struct.pack('>IHHH', 6, 0, 1, 480) + b'MTrk' + struct.pack('>I', len(track)) + track)


def render(mid, wav, soundfont=SOUNDFONT):
    """True when wav holds a sound, rendered now or on an earlier run. A silent render (a key the kit lacks) leaves
    wav.silent behind instead, so it is neither kept nor rendered again."""
    if os.path.exists(wav):
        return True
    if os.path.exists(wav + '.silent'):
        return False
    part = wav + '.part.wav'
    if subprocess.run(['fluidsynth', '-ni', '-q', '-g', '0.8', '-r', str(RATE), '-F', part, soundfont, mid],
                      capture_output=True).returncode != 0:
        return False
    stat = subprocess.run(['sox', part, '-n', 'stat'], capture_output=True, text=True).stderr
    peak = re.search(r'Maximum amplitude:\s+([0-9.]+)', stat)
    if not peak or float(peak.group(1)) < 0.01:
        os.remove(part)
        open(wav + '.silent', 'w').close()
        return False
    # fluidsynth renders the reverb's tail in full: trim the silence after the sound.
    subprocess.run(['sox', part, '-c', '1', wav + '.trim.wav', 'reverse', 'silence', '1', '0.05', '-60d', 'reverse'],
                   check=True)
    os.replace(wav + '.trim.wav', wav)
    os.remove(part)
    return True


def instruments(out):
    rng = random.Random(0)
    entries = []
    for program, name in enumerate(GM_PROGRAMS):
        kind = 'effect' if program >= 120 or 'effect' in name else 'instrument'
        takes = [('note', [(rng.choice(range(40, 55)), 100, 0, 1400)]),
                 ('note', [(rng.choice(range(58, 70)), 90, 0, 1400)]),
                 ('note', [(rng.choice(range(74, 86)), 90, 0, 1000)]),
                 ('chord', [(p, 80, 0, 1900) for p in (60, 64, 67)]),
                 ('melody', [(rng.choice([60, 62, 64, 65, 67, 69, 71, 72]), 90, i * 320, 300) for i in range(8)])]
        if kind == 'effect':
            takes = takes[1:2] + takes[3:4]
        for take, (what, notes) in enumerate(takes):
            base = os.path.join(out, f'gm-{program:03d}-{take}')
            midi_file(base + '.mid', program, notes)
            if not render(base + '.mid', base + '.wav'):
                continue
            if kind == 'effect':
                caption = name
            elif what == 'note':
                caption = f'{name} {note_name(notes[0][0])} note'
            else:
                caption = f'{name} {what}'
            entries.append({'path': base + '.wav', 'caption': caption, 'source': 'timgm6mb-soundfont'})
    for kit, (package, soundfont) in enumerate(DRUM_KITS):
        if not os.path.exists(soundfont):
            continue
        for key, name in enumerate(GM_DRUMS, start=35):
            for take, velocity in enumerate((70, 120)):
                base = os.path.join(out, f'drum-{kit}-{key}-{take}')
                # The GM soundfont keeps its kit in the percussion bank (channel 10); avldrums' kits are bank 0 presets.
                channel = 9 if package == 'timgm6mb-soundfont' else 0
                midi_file(base + '.mid', 0, [(key, velocity, 0, 400)], channel=channel)
                if render(base + '.mid', base + '.wav', soundfont):
                    hit = 'soft hit' if velocity < 100 else 'hard hit'
                    entries.append({'path': base + '.wav', 'caption': f'{name} drum {hit}', 'source': package})
    return entries


def voices(out):
    listing = subprocess.run(['espeak-ng', '--voices=variant'], capture_output=True, text=True, check=True).stdout
    rng = random.Random(1)
    entries = []
    for line in listing.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 5:
            continue
        gender, variant = cols[2].split('/')[-1], cols[4].split('/')[-1]
        age = cols[2].split('/')[0]
        caption = VARIANT_CAPTIONS.get(variant) or (
            ('old ' if age.isdigit() and int(age) >= 60 else '') + ('woman speaking' if gender == 'F' else 'man speaking'))
        for take in range(2):
            wav = os.path.join(out, f'voice-{variant}-{take}.wav')
            # Drawn whether or not the render is cached: the same sentence and rate for each take on every run.
            text, rate = rng.choice(SENTENCES), rng.choice((140, 160, 180))
            if not os.path.exists(wav):
                subprocess.run(['espeak-ng', '-v', f'en+{variant}', '-s', str(rate), '-w', wav + '.part', text],
                               check=True, capture_output=True)
                os.replace(wav + '.part', wav)
            entries.append({'path': wav, 'caption': caption, 'source': 'espeak-ng'})
    return entries


def build(work):
    out = os.path.join(work, 'synth')
    os.makedirs(out, exist_ok=True)
    entries = []
    if shutil.which('fluidsynth') and os.path.exists(SOUNDFONT):
        entries += instruments(out)
    else:
        print('skipping General MIDI renders: fluidsynth or timgm6mb-soundfont not installed', file=sys.stderr)
    if shutil.which('espeak-ng'):
        entries += voices(out)
    else:
        print('skipping espeak-ng voices: not installed', file=sys.stderr)
    return entries


if __name__ == '__main__':
    made = build(sys.argv[1] if len(sys.argv) > 1 else '/tmp/hark-train')
    print(f'{len(made)} renders, {len({e["caption"] for e in made})} distinct captions')
