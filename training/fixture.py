"""A fixture hark-heads folder for tests: the same graphs, manifest and parity.json as a trained export, but with
seeded random weights, so CI can test the app's serving path of the heads without the training corpus or Node.

  /usr/bin/python3 training/fixture.py OUT_DIR [MN04_ONNX]

MN04_ONNX defaults to the installed mn04 (<models>/efficientat-mn04-as/mn04_as.onnx, models = $HARK_MODELS_DIR or
<repo>/models, as src-main/ml/models-dir.ts resolves it in a checkout). heads.json carries "fixture": true: its
scores are noise, never to be mistaken for trained heads.
"""
import csv
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import export  # noqa: E402
import surgery  # noqa: E402
from diffatr import Denoiser, cosine_alphas_cumprod  # noqa: E402
from model import Heads, AUDIO_SIZE  # noqa: E402

MODELS = os.environ.get('HARK_MODELS_DIR', os.path.join(os.path.dirname(HERE), 'models'))


def audioset_labels():
    rows = list(csv.reader(open(os.path.join(MODELS, 'audioset', 'class_labels_indices.csv'))))[1:]
    return [r[2] for r in rows]


def build(out, mn04):
    os.makedirs(out, exist_ok=True)
    # export_all lists mn04_levels.onnx (with its hash) in heads.json, so it must exist first.
    surgery.surgery(mn04, os.path.join(out, 'mn04_levels.onnx'))
    torch.manual_seed(0)
    labels = torch.nn.functional.normalize(torch.randn(527, 512), dim=-1)
    model = Heads(labels, torch.zeros(AUDIO_SIZE), torch.ones(AUDIO_SIZE), torch.full((527,), 1 / 527),
                  parts=('global', 'tha', 'dcr'))
    net = Denoiser()
    abar = cosine_alphas_cumprod()
    # Random weights have no factor meaning; real label names only make the explanations look like real ones.
    names = audioset_labels()
    factors = [{'name': ' / '.join(names[3 * k:3 * k + 3]), 'concepts': names[3 * k:3 * k + 3]} for k in range(model.factors)]
    ood = {'steps': 1, 'threshold': 0.5, 'auroc_val': 0.5}
    manifest = export.export_all(model, net, abar, None, out, ood, factors=factors)
    manifest['fixture'] = True
    json.dump(manifest, open(os.path.join(out, 'heads.json'), 'w'), indent=1)


def main():
    if len(sys.argv) < 2:
        raise SystemExit('usage: fixture.py OUT_DIR [MN04_ONNX]')
    out = sys.argv[1]
    mn04 = sys.argv[2] if len(sys.argv) > 2 else os.path.join(MODELS, 'efficientat-mn04-as', 'mn04_as.onnx')
    t0 = time.time()
    torch.set_num_threads(1)  # shared CI cores; also keeps the parity outputs independent of the core count
    build(out, mn04)
    print(f'fixture heads in {time.time() - t0:.1f} s -> {out}')
    for name in sorted(os.listdir(out)):
        print(f'  {name} {os.path.getsize(os.path.join(out, name))} bytes')


if __name__ == '__main__':
    main()
