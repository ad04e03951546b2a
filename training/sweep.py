"""Small sweeps of stage-1 settings on the cached features (no export): `python3 training/sweep.py weak_share=0.5 ...`.
Each argument is one run of bridge+global+tha (or parts=... to change it); prints the dev ablation rows."""
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import train  # noqa: E402
import evaluate  # noqa: E402
from data import Features, load_audio  # noqa: E402

if __name__ == '__main__':
    train.with_fast_allocator()
    torch.set_num_threads(1)
    corpus, queries, has_dev, texts_dir = train.prepare()
    feats = Features(texts_dir)
    audio, ok = load_audio(os.path.join(train.WORK, 'corpus-audio'))
    keep = [i for i in range(len(corpus)) if ok[i]]
    corpus, audio = [corpus[i] for i in keep], audio[keep]
    train_idx = [i for i, c in enumerate(corpus) if int(c['group'], 16) % 10 != 0]
    captions = [corpus[i]['caption'] for i in train_idx]
    results = evaluate.Ablation(feats, queries, train.DEV, train.WORK)
    for spec in sys.argv[1:]:
        opts = dict(kv.split('=') for kv in spec.split(','))
        parts = tuple(opts.pop('parts', 'bridge+global+tha').split('+'))
        epochs = int(opts.pop('epochs', 25))
        kwargs = {k: float(v) for k, v in opts.items()}
        model = train.train_heads(feats, audio[train_idx], captions, parts, epochs, **kwargs)
        results.add_heads(spec, model)
    results.rows = results.rows[1:]  # without the app's bridge row
    results.write(os.path.join(train.WORK, 'sweep.md'))
