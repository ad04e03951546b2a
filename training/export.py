"""Exports the trained heads as four ONNX graphs + heads.json (what src-main/ml/heads/ loads) + parity.json (fixed
inputs and PyTorch outputs, compared against ONNX Runtime in Node by test/ml/heads/parity.test.ts) + factor names.

  text_head.onnx   sentence [Q,d], layers [Q,L*d]           -> zt [Q,J,256], et [Q,512], classes [Q,527]
  audio_head.onnx  levels [N,1983]                          -> za [N,6,256], ea [N,512], probs [N,527]
  scorer.onnx      zt, et, classes, za, ea, probs           -> score [Q,N], pair_sims [Q,N,6J+1], factor_sims [Q,N,8],
                                                               factor_conf [Q,N,8]
d and L: the text tower's width and block count (MiniLM 384 x 6, USE-lite 512 x 2); J = L + 2 text levels (the
blocks, the sentence, the class distribution). heads.json says which tower (textTower, its id) and the text levels
(textLevels): the app sizes the text head's inputs from them and refuses heads made for another tower.
  denoiser.onnx    x_t [B,32], t [B] (int64), query [B,512], cands [B,32,512] -> logits [B,32]   (one DDIM step's net)
"""
import hashlib
import json
import os

import torch
import torch.nn as nn

from evaluate import fixed_noise
from model import AUDIO_LEVELS, AUDIO_SIZE


class TextHead(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, sentence, layers):
        return self.m.encode_text(sentence, layers)


class AudioHead(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, levels):
        return self.m.encode_audio(levels)


class Scorer(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, zt, et, classes, za, ea, probs):
        return self.m.score((zt, et, classes), (za, ea, probs))


def factor_names(model, feats, top=3):
    """Per factor: the AudioSet classes whose text puts most of its joint-embedding energy in that factor, relative
    to the other classes (z-scored per factor, so loud generic labels do not name every factor)."""
    from train import audioset_texts
    names = audioset_texts()
    with torch.no_grad():
        _, et, _ = model.encode_text(*feats.text(names))
    k = model.factors
    energy = et.view(len(names), k, -1).pow(2).sum(-1)
    share = energy / energy.sum(1, keepdim=True)
    z = (share - share.mean(0)) / (share.std(0) + 1e-6)
    label_names = feats.label_names['audioset']
    out = []
    for f in range(k):
        best = z[:, f].topk(top).indices.tolist()
        out.append({'name': ' / '.join(label_names[i] for i in best), 'concepts': [label_names[i] for i in best]})
    return out


def sha256(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def export_all(model, net, abar, feats, out, ood, opset=14, factors=None, no_match=None):
    """factors: the factor names ([{name, concepts}]); None = computed from feats by factor_names (training)."""
    model.eval()
    net.eval()
    g = torch.Generator().manual_seed(1)
    d, n_layers = model.tower['dim'], model.tower['layers']
    sentence = torch.nn.functional.normalize(torch.randn(2, d, generator=g), dim=-1)
    layers = torch.randn(2, n_layers * d, generator=g) * 0.5
    levels = torch.rand(3, AUDIO_SIZE, generator=g)
    with torch.no_grad():
        text = model.encode_text(sentence, layers)
        audio = model.encode_audio(levels)
        scored = model.score(text, audio)
        x_t = torch.randn(1, 32, generator=g)
        t = torch.tensor([500])
        cands = torch.randn(1, 32, 512, generator=g)
        logits = net(x_t, t, text[1][:1], cands)
    graphs = [
        ('text_head.onnx', TextHead(model), (sentence, layers), ['sentence', 'layers'], ['zt', 'et', 'classes'],
         {'sentence': {0: 'q'}, 'layers': {0: 'q'}, 'zt': {0: 'q'}, 'et': {0: 'q'}, 'classes': {0: 'q'}}),
        ('audio_head.onnx', AudioHead(model), (levels,), ['levels'], ['za', 'ea', 'probs'],
         {'levels': {0: 'n'}, 'za': {0: 'n'}, 'ea': {0: 'n'}, 'probs': {0: 'n'}}),
        ('scorer.onnx', Scorer(model), (*text, *audio), ['zt', 'et', 'classes', 'za', 'ea', 'probs'],
         ['score', 'pair_sims', 'factor_sims', 'factor_conf'],
         {**{n: {0: 'q'} for n in ('zt', 'et', 'classes')}, **{n: {0: 'n'} for n in ('za', 'ea', 'probs')},
          **{n: {0: 'q', 1: 'n'} for n in ('score', 'pair_sims', 'factor_sims', 'factor_conf')}}),
        ('denoiser.onnx', net, (x_t, t, text[1][:1], cands), ['x_t', 't', 'query', 'cands'], ['logits'],
         {'x_t': {0: 'b', 1: 'c'}, 't': {0: 'b'}, 'query': {0: 'b'}, 'cands': {0: 'b', 1: 'c'}, 'logits': {0: 'b', 1: 'c'}}),
    ]
    for name, module, args, inputs, outputs, axes in graphs:
        torch.onnx.export(module, args, os.path.join(out, name), input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=opset)
    flat = lambda x: x.flatten().tolist()  # noqa: E731
    parity = {
        'text': {'sentence': flat(sentence), 'layers': flat(layers), 'zt': flat(text[0]), 'et': flat(text[1]), 'classes': flat(text[2])},
        'audio': {'levels': flat(levels), 'za': flat(audio[0]), 'ea': flat(audio[1]), 'probs': flat(audio[2])},
        'score': {'score': flat(scored[0]), 'pair_sims': flat(scored[1]), 'factor_sims': flat(scored[2]), 'factor_conf': flat(scored[3])},
        'denoiser': {'x_t': flat(x_t), 't': 500, 'query': flat(text[1][:1]), 'cands': flat(cands), 'logits': flat(logits)},
        'abar': [abar[i].item() for i in (0, 1, 499, 500, 998, 999)],
    }
    json.dump(parity, open(os.path.join(out, 'parity.json'), 'w'))
    manifest = {
        'id': 'hark-heads',
        'textTower': model.tower['id'],
        'audioLevels': [{'name': n, 'dim': d} for n, d in AUDIO_LEVELS],
        'textLevels': [{'name': n, 'dim': d} for n, d in model.text_levels],
        'pairs': [f'{a}~{t}' for a, _ in AUDIO_LEVELS for t, _ in model.text_levels] + ['probs~classes (label bridge)'],
        'pairWeights': torch.softmax(model.pair_logits, 0).tolist(),
        'factors': factors if factors is not None else factor_names(model, feats),
        'diffatr': {'candidates': 32, 'ddimSteps': ood.get('ranking_steps', ood['steps']), 'oodSteps': ood['steps'], 'timesteps': 1000, 'schedule': 'cosine s=0.008',
                    'noise': fixed_noise(32)[0].tolist(), 'oodThreshold': ood['threshold'], 'oodAurocValidation': ood['auroc_val']},
        **({'noMatch': no_match} if no_match else {}),
        'files': [{'path': n, 'sha256': sha256(os.path.join(out, n)), 'size': os.path.getsize(os.path.join(out, n))}
                  for n in ('text_head.onnx', 'audio_head.onnx', 'scorer.onnx', 'denoiser.onnx', 'mn04_levels.onnx')],
    }
    json.dump(manifest, open(os.path.join(out, 'heads.json'), 'w'), indent=1)
    return manifest
