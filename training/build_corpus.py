"""Builds the captioned training corpus from Debian sound packages (never 0ad-data, openclonk-data, openttd-opensfx).

Captions come from paths: the file name's words plus the nearest meaningful folder ("megaglest/.../units/archer/
sounds/archer_attack2.wav" -> "archer attack"). Everything eval/build-library.mjs puts into the dev library is
left out (HELD_OUT below: same packages and folders), so no dev file or query is trained on.

Writes <work>/corpus.json: [{ "path", "caption", "source", "group" }]; group keys the train/validation split.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

RESERVED = ('0ad-data', 'openclonk-data', 'openttd-opensfx')
AUDIO = re.compile(r'\.(wav|ogg|flac|mp3)$', re.I)

# (package, root, zip member prefix or None, path regex that excludes)
SOURCES = [
    ('megaglest-data', '/usr/share/games/megaglest', None, r'/music/|/menu/'),
    ('hedgewars-data', '/usr/share/games/hedgewars/Data/Sounds', None, r'/voices/'),
    ('nexuiz-data', '/usr/share/games/nexuiz/data/data.pk3', 'sound/', r'/player/|/announcer/|/misc/talk'),
    ('supertux-data', '/usr/share/games/supertux2/sounds', None, r'music'),
    ('warzone2100-data', '/usr/share/games/warzone2100/base.wz', 'audio/', r'/voice/|/music/|/memressp/'),
    ('hydrogen-drumkits', '/usr/share/hydrogen/data/drumkits', None, r'circAfrique v4|ColomboAcousticDrumkit|HardElectro1'),
    ('lmms-common', '/usr/share/lmms/samples', None, r'^/usr/share/lmms/samples/(drums|effects|misc|beats|latin)/'),
]

# What eval/build-library.mjs uses (dev set): kept out entirely.
HELD_OUT = [
    '/usr/share/sonic-pi/samples (all)', '/usr/share/lmms/samples/{drums,effects,misc,beats,latin}',
    'hydrogen drumkits circAfrique v4, ColomboAcousticDrumkit, HardElectro1', 'wesnoth-1.16-data (all sounds)',
    'ufoai-sound (all)',
]

GENERIC = set('''sound sounds sfx snd data wav ogg flac mp audio core units unit techs tech factions faction tilesets
tileset samples sample base misc effects effect fx megapack hydrogen drumkits drumkit kit usr share games lmms
sounds2 generic common default new old final ver version mono stereo left right commondata pcv'''.split())

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
        assert pkg not in RESERVED
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
            if os.path.getsize(path) > 8_000_000 or os.path.getsize(path) < 2000:
                continue
            rel = os.path.relpath(path, base)
            caption = caption_for(rel)
            if pkg == 'hydrogen-drumkits':  # kit names are brand noise: the instrument is in the file name
                caption = ' '.join(words(os.path.splitext(os.path.basename(rel))[0])) + ' drum'
            if not caption:
                continue
            corpus.append({'path': path, 'caption': caption, 'source': pkg,
                           'group': hashlib.sha1(caption.encode()).hexdigest()[:8]})
            kept += 1
        print(f'{pkg}: {kept} files', file=sys.stderr)
    with open(os.path.join(work, 'corpus.json'), 'w') as f:
        json.dump(corpus, f, indent=0)
    return corpus


if __name__ == '__main__':
    c = build(sys.argv[1] if len(sys.argv) > 1 else '/tmp/hark-train')
    print(f'{len(c)} files, {len(set(x["caption"] for x in c))} distinct captions')
