"""Builds the captioned training corpus from Debian sound packages (never 0ad-data, openclonk-data, openttd-opensfx).

Three parts:
- recorded: files of the game, desktop-sound-theme and instrument packages in SOURCES, captioned from their paths:
  the file name's words plus the nearest meaningful folder ("megaglest/.../units/archer/sounds/archer_attack2.wav"
  -> "archer attack"). Everything the dev libraries use is left out (HELD_OUT, HELD_OUT_2: the same packages and
  folders), so no dev file or query is trained on;
- rendered (synth_corpus.py): General MIDI programs and drum kits through fluidsynth, espeak-ng's voices;
- changed (augment_corpus.py, only with HARK_TRAIN_AUGMENT=1): one variant of each recorded file (slow, deep,
  muffled, distant, ...).

Writes <work>/corpus.json: [{ "path", "caption", "source", "group", "augment"? }]; group keys the train/validation
split (a variant keeps its original's group).
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

import augment_corpus
import synth_corpus

RESERVED = ('0ad-data', 'openclonk-data', 'openttd-opensfx')
AUDIO = re.compile(r'\.(wav|ogg|oga|flac|mp3)$', re.I)
# Music and title themes by file name, wherever a package keeps them.
MUSIC_NAME = re.compile(r'music|zik|title|credits|theme', re.I)

# (package, root, zip member prefix or None, path regex that excludes). Music, spoken lines and menu cues are left out.
MUSIC = r'/musics?/|/tunes/|/ingame/'
SOURCES = [
    ('megaglest-data', '/usr/share/games/megaglest', None, r'/music/|/menu/'),
    ('nexuiz-data', '/usr/share/games/nexuiz/data/data.pk3', 'sound/', r'/player/|/announcer/|/misc/talk'),
    ('hydrogen-drumkits', '/usr/share/hydrogen/data/drumkits', None, r'circAfrique v4|ColomboAcousticDrumkit|HardElectro1'),
    ('lmms-common', '/usr/share/lmms/samples', None, r'^/usr/share/lmms/samples/(drums|effects|misc|beats|latin)/'),
    ('supertuxkart-data', '/usr/share/games/supertuxkart/data/sfx', None, r'track_intro|fanfare'),
    ('lugaru-data', '/usr/share/games/lugaru/Sounds', None, MUSIC),
    ('warmux-data', '/usr/share/games/warmux/sound/default', None, MUSIC),
    ('scorched3d-data', '/usr/share/games/scorched3d/data/globalmods', None, MUSIC),
    ('btanks-data', '/usr/share/games/btanks/data/sounds', None, MUSIC),
    ('wordwarvi-sound', '/usr/share/wordwarvi/sounds', None, MUSIC),
    ('marsshooter-data', '/usr/share/games/marsshooter/audio', None, MUSIC),
    ('freeorion-data', '/usr/share/games/freeorion/default/data/sound', None, MUSIC),
    ('mirrormagic-data', '/usr/share/games/mirrormagic/sounds', None, MUSIC),
    ('enigma-data', '/usr/share/games/enigma/soundsets', None, MUSIC),
    ('bzflag-data', '/usr/share/games/bzflag', None, MUSIC),
    ('lbreakout2-data', '/usr/share/games/lbreakout2', None, MUSIC),
    ('powermanga-data', '/usr/share/games/powermanga', None, MUSIC),
    ('starfighter-data', '/usr/share/starfighter/sound', None, MUSIC),
    ('freedink-data', '/usr/share/games/dink/dink/Sound', None, MUSIC),
    ('tecnoballz-data', '/usr/share/games/tecnoballz/sounds', None, MUSIC),
    ('frozen-bubble-data', '/usr/share/games/frozen-bubble/snd', None, MUSIC),
    ('pingus-data', '/usr/share/games/pingus/data/sounds', None, MUSIC),
    ('chromium-bsu-data', '/usr/share/games/chromium-bsu/wav', None, MUSIC),
    ('pinball-data', '/usr/share/games/pinball', None, MUSIC),
    ('tuxtype-data', '/usr/share/tuxtype', None, MUSIC),
    ('tuxmath-data', '/usr/share/tuxmath/sounds', None, MUSIC),
    ('ceferino-data', '/usr/share/games/ceferino/sounds', None, MUSIC),
    ('holotz-castle-data', '/usr/share/games/holotz-castle/game/sound', None, MUSIC),
    ('kgoldrunner', '/usr/share/kgoldrunner/themes', None, MUSIC),
    ('granatier', '/usr/share/granatier/sounds', None, MUSIC),
    ('kolf', '/usr/share/kolf/sounds', None, MUSIC),
    ('kbounce', '/usr/share/kbounce/sounds', None, MUSIC),
    ('kapman', '/usr/share/sounds/kapman', None, MUSIC),
    ('oxygen-sounds', '/usr/share/sounds', None, r'^(?!/usr/share/sounds/Oxygen-)'),
    ('yaru-theme-sound', '/usr/share/sounds/Yaru', None, MUSIC),
    ('deepin-sound-theme', '/usr/share/sounds/deepin', None, MUSIC),
    ('sound-icons', '/usr/share/sounds/sound-icons', None, MUSIC),
]

# What the dev libraries use: kept out entirely. eval/build-library.mjs (dev library 1):
HELD_OUT = [
    '/usr/share/sonic-pi/samples (all)', '/usr/share/lmms/samples/{drums,effects,misc,beats,latin}',
    'hydrogen drumkits circAfrique v4, ColomboAcousticDrumkit, HardElectro1', 'wesnoth-1.16-data (all sounds)',
    'ufoai-sound (all)',
]
# eval/build-library-2.mjs (dev library 2): whole packages, none of them a source above (hedgewars-data,
# supertux-data and warzone2100-data were until library 2 took their effects).
HELD_OUT_2 = ('minetest-data', 'lincity-ng-data', 'warzone2100-data', 'hedgewars-data', 'freedroidrpg-data',
              'supertux-data', 'tuxpaint-data', 'sound-theme-freedesktop', 'extremetuxracer-data', 'widelands-data')

GENERIC = set('''sound sounds sfx snd data wav ogg flac mp audio core units unit techs tech factions faction tilesets
tileset samples sample base misc effects effect fx megapack hydrogen drumkits drumkit kit usr share games lmms
sounds2 generic common default new old final ver version mono stereo left right commondata pcv oxygen yaru deepin
soundsets globalmods apoc none themes theme classic wv'''.split())

# Abbreviations and game jargon in names, spelled out so the text encoder understands them.
SPELLED_OUT = {'ack': 'voice', 'select': 'voice', 'cc': 'crash cymbal', 'hh': 'hihat', 'bd': 'bass drum',
               'sd': 'snare drum', 'sfx': '', 'amb': 'ambience', 'exp': 'explosion', 'expl': 'explosion'}


def words(text):
    text = re.sub(r'([a-z])([A-Z])', r'\1 \2', text)
    out = []
    for w in re.findall(r'[a-z]{2,}', text.lower()):
        if w not in GENERIC:
            out.extend(SPELLED_OUT.get(w, w).split())
    return out


def caption_for(rel):
    parts = rel.split('/')
    name_words = words(os.path.splitext(parts[-1])[0])
    folder_words = []
    for folder in reversed(parts[:-1]):
        folder_words = words(folder)
        if folder_words:
            break
    seen, out = set(), []
    for w in folder_words + name_words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return ' '.join(out)


def group_of(caption):
    return hashlib.sha1(caption.encode()).hexdigest()[:8]


def installed(pkg):
    try:
        out = subprocess.run(['dpkg-query', '-W', '-f=${Status}', pkg], capture_output=True, text=True).stdout
        return 'install ok installed' in out
    except OSError:
        return False


def walk(root):
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if AUDIO.search(f):
                yield os.path.join(dirpath, f)


def build(work):
    os.makedirs(work, exist_ok=True)
    corpus = []
    for pkg, root, member, exclude in SOURCES:
        assert pkg not in RESERVED and pkg not in HELD_OUT_2
        if not installed(pkg) or not os.path.exists(root):
            print(f'skipping {pkg}: not installed', file=sys.stderr)
            continue
        if member:  # a zip (pk3/wz): extract the audio once into the work folder
            dest = os.path.join(work, 'unzip', pkg)
            with zipfile.ZipFile(root) as z:
                names = [n for n in z.namelist() if n.startswith(member) and AUDIO.search(n)]
                for n in names:
                    if not os.path.exists(os.path.join(dest, n)):
                        z.extract(n, dest)
            files, base = [os.path.join(dest, n) for n in names], dest
        else:
            files, base = list(walk(root)), root
        kept = 0
        for path in files:
            if re.search(exclude, path if exclude.startswith('^') else '/' + os.path.relpath(path, base)):
                continue
            if MUSIC_NAME.search(os.path.basename(path)):
                continue
            if os.path.getsize(path) > 8_000_000 or os.path.getsize(path) < 2000:
                continue
            rel = os.path.relpath(path, base)
            caption = caption_for(rel)
            if pkg == 'hydrogen-drumkits':  # kit names are brand noise: the instrument is in the file name
                caption = ' '.join(words(os.path.splitext(os.path.basename(rel))[0])) + ' drum'
            if not caption:
                continue
            corpus.append({'path': path, 'caption': caption, 'source': pkg, 'group': group_of(caption)})
            kept += 1
        print(f'{pkg}: {kept} files', file=sys.stderr)
    recorded = list(corpus)
    for entry in synth_corpus.build(work):
        corpus.append({**entry, 'group': group_of(entry['caption'])})
    print(f'rendered: {len(corpus) - len(recorded)} files', file=sys.stderr)
    # A variant keeps its original's group: the changed and the plain caption fall on the same side of the split.
    # The changed variants measured worse (training/README.md): rendered only when asked for.
    if os.environ.get('HARK_TRAIN_AUGMENT') == '1':
        by_path = {e['path']: e for e in recorded}
        for variant in augment_corpus.build(work, recorded):
            corpus.append({**variant, 'group': by_path[variant['original']]['group']})
    with open(os.path.join(work, 'corpus.json'), 'w') as f:
        json.dump(corpus, f, indent=0)
    return corpus


if __name__ == '__main__':
    c = build(sys.argv[1] if len(sys.argv) > 1 else '/tmp/hark-train')
    print(f'{len(c)} files, {len(set(x["caption"] for x in c))} distinct captions')
