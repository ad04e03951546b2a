"""Variants of the corpus's recorded files, changed the way descriptive queries ask for ("slow", "distant",
"muffled", "deep"), captioned with the change: each file gets one variant, chosen by a hash of its path.

Rendered by sox into <work>/augmented/ (35 s at most: the heads hear the first 30 s); a render that exists is kept.
Only with HARK_TRAIN_AUGMENT=1 (measured worse than without, training/README.md). Entries carry "augment": the
change's name.
"""
import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# (name, sox effects, caption template): the wording is how a person describes the change.
CHANGES = [
    ('slow', ['tempo', '0.6'], 'slow {}'),
    ('fast', ['tempo', '1.7'], 'fast {}'),
    ('deep', ['pitch', '-700'], 'deep low pitched {}'),
    ('high', ['pitch', '700'], 'high pitched {}'),
    ('muffled', ['lowpass', '500'], 'muffled {}'),
    ('distant', ['gain', '-10', 'reverb', '90', '50', '100', 'lowpass', '3000'], 'distant reverberant {}'),
    ('telephone', ['highpass', '400', 'lowpass', '3200', 'overdrive', '10'], '{} through a telephone'),
]


def change_for(path):
    return CHANGES[int(hashlib.sha1(path.encode()).hexdigest()[:8], 16) % len(CHANGES)]


def render(entry, out):
    name, effects, template = change_for(entry['path'])
    target = os.path.join(out, hashlib.sha1(entry['path'].encode()).hexdigest()[:16] + f'-{name}.wav')
    if not os.path.exists(target):
        part = target + '.part.wav'
        # 16-bit PCM whatever the original's encoding (sox would keep an MS ADPCM file's, which the decoder refuses).
        done = subprocess.run(['sox', entry['path'], '-r', '32000', '-c', '1', '-e', 'signed-integer', '-b', '16', part,
                               'trim', '0', '35', *effects], capture_output=True).returncode == 0
        if not done:
            return None
        os.replace(part, target)
    return {'path': target, 'caption': template.format(entry['caption']), 'source': entry['source'], 'augment': name,
            'original': entry['path']}


def build(work, recorded):
    """One variant per recorded entry (files sox cannot read are left out)."""
    out = os.path.join(work, 'augmented')
    os.makedirs(out, exist_ok=True)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        made = list(pool.map(lambda e: render(e, out), recorded))
    kept = [m for m in made if m]
    print(f'augmented: {len(kept)} variants of {len(recorded)} files', file=sys.stderr)
    return kept
