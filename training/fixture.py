"""A fixture hark-heads folder for tests: the same graphs, manifest and parity.json as a trained export, but with
seeded random weights, so CI can test the app's serving path of the heads without the training corpus or Node.

  /usr/bin/python3 training/fixture.py OUT_DIR [MN04_ONNX] --text-tower-id ID --text-dim D --text-layers L

The text tower is the one the app under test runs (the tests pass chooseTextTower()'s id, dim and layers): the
heads are built for its shapes and heads.json names it, as trained heads do, since the app refuses heads of another
tower. MN04_ONNX defaults to the installed mn04 (<models>/efficientat-mn04-as/mn04_as.onnx, models = $HARK_MODELS_DIR or
<repo>/models, as src-main/ml/models-dir.ts resolves it in a checkout). heads.json carries "fixture": true: its
scores are noise, never to be mistaken for trained heads.
"""
import argparse
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


def build(out, mn04, tower):
    """tower: {'id', 'dim', 'layers'} of the text tower the heads are made for."""
    os.makedirs(out, exist_ok=True)
    # export_all lists mn04_levels.onnx (with its hash) in heads.json, so it must exist first.
    surgery.surgery(mn04, os.path.join(out, 'mn04_levels.onnx'))
    torch.manual_seed(0)
    labels = torch.nn.functional.normalize(torch.randn(527, tower['dim']), dim=-1)
    model = Heads(labels, torch.zeros(AUDIO_SIZE), torch.ones(AUDIO_SIZE), torch.full((527,), 1 / 527), tower,
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
    parser = argparse.ArgumentParser(description='Fixture heads (seeded random weights) for tests of the serving path.')
    parser.add_argument('out')
    parser.add_argument('mn04', nargs='?', default=os.path.join(MODELS, 'efficientat-mn04-as', 'mn04_as.onnx'))
    # Required: a fixture for the wrong tower would be refused by the app, and no tower is a safe default.
    parser.add_argument('--text-tower-id', required=True, help="the text tower's id (text-encoder.ts TEXT_TOWERS)")
    parser.add_argument('--text-dim', type=int, required=True, help='its embedding width')
    parser.add_argument('--text-layers', type=int, required=True, help='how many pooled blocks embedWithLayers gives')
    args = parser.parse_args()
    tower = {'id': args.text_tower_id, 'dim': args.text_dim, 'layers': args.text_layers}
    t0 = time.time()
    torch.set_num_threads(1)  # shared CI cores; also keeps the parity outputs independent of the core count
    build(args.out, args.mn04, tower)
    print(f'fixture heads for {tower["id"]} ({tower["layers"]} x {tower["dim"]}) in {time.time() - t0:.1f} s -> {args.out}')
    for name in sorted(os.listdir(args.out)):
        print(f"  {name} {os.path.getsize(os.path.join(args.out, name))} bytes")


if __name__ == '__main__':
    main()
