"""Tries learning which tagger columns a query's classes should read: the label bridge scores a file by
sum_c w_c p_fc / prior_c with w from the text side, and the tagger often hears a sound under other classes than the
one its name says (eval/ceiling.ts). Here w' = relu(w (I + D)) with D a 527 x 527 matrix learned on the training
corpus (the app's bridge weights of each caption, the corpus files' probabilities, an InfoNCE loss over the corpus
files with the caption's files as positives), then scored on both names-stripped dev libraries like the bridge.
Reads training/dump-bridge.ts's WORK/bridge/ and npm run train's corpus features. For deciding on the dev set only.
Usage: python3 training/confusion.py [WORK]   (default /tmp/hark-train)
"""
import hashlib
import json
import os
import sys

import numpy as np
import torch

from evaluate import ap_at
from model import AUDIO_SIZE

WORK = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('HARK_TRAIN_DIR', '/tmp/hark-train')
B = os.path.join(WORK, 'bridge')
C = 527
FLOOR = 0.01
torch.manual_seed(0)


def f32(path, width):
    return np.fromfile(path, dtype=np.float32).reshape(-1, width)


def ap_at_rows(order, relevant, k=10):
    """AP@10 of a ranking of rows against a set of relevant rows (evaluate.py's ap_at)."""
    return ap_at([f in relevant for f in order[:k]], len(relevant), k)


def dev_libraries():
    for lib in ('1', '2'):
        meta = json.load(open(os.path.join(B, f'dev-{lib}.json')))
        probs = f32(os.path.join(B, f'dev-{lib}-probs.f32'), C)
        weights = f32(os.path.join(B, f'dev-{lib}-weights.f32'), C)
        yield lib, meta, torch.from_numpy(probs), torch.from_numpy(weights)


DEV = list(dev_libraries())


def dev_map(transform):
    """Mean mAP@10 over both libraries and per library and kind, with query weights mapped by `transform`."""
    out = {}
    for lib, meta, probs, weights in DEV:
        prior = probs.mean(0).clamp(min=meta['priorFloor'])
        with torch.no_grad():
            scores = transform(weights) @ (probs / prior).T
        order = scores.argsort(dim=1, descending=True)[:, :10].tolist()
        for kind in ('literal', 'descriptive'):
            aps = [ap_at_rows(o, set(r)) for o, r, kd in zip(order, meta['relevant'], meta['kinds']) if kd == kind]
            out[f'{lib} {kind}'] = float(np.mean(aps))
        out[f'{lib} all'] = float(np.mean([ap_at_rows(o, set(r)) for o, r in zip(order, meta['relevant'])]))
    out['mean'] = (out['1 all'] + out['2 all']) / 2
    return out


def line(name, r):
    return (f"| {name} | {r['mean']:.3f} | {r['1 literal']:.3f} | {r['1 descriptive']:.3f} | "
            f"{r['2 literal']:.3f} | {r['2 descriptive']:.3f} |")


# The corpus: files that decoded, their probabilities and the row of their caption's weights.
corpus = json.load(open(os.path.join(WORK, 'corpus.json')))
ok = json.load(open(os.path.join(WORK, 'corpus-audio.ok.json')))
audio = f32(os.path.join(WORK, 'corpus-audio.f32'), AUDIO_SIZE)
captions = json.load(open(os.path.join(B, 'captions.json')))
caption_index = {c: i for i, c in enumerate(captions)}
caption_weights = torch.from_numpy(f32(os.path.join(B, 'caption-weights.f32'), C))
keep = [i for i, good in enumerate(ok) if good]
probs = torch.from_numpy(audio[keep, AUDIO_SIZE - C:].copy())
file_caption = torch.tensor([caption_index[corpus[i]['caption']] for i in keep])
prior = probs.mean(0).clamp(min=FLOOR)
scaled = probs / prior
is_val = torch.tensor([int(hashlib.sha1(c.encode()).hexdigest()[:2], 16) < 38 for c in captions])  # ~15%
train_captions = torch.nonzero(~is_val).flatten()
val_captions = torch.nonzero(is_val).flatten()
print(f'{len(keep)} corpus files, {len(captions)} captions ({len(train_captions)} train, {len(val_captions)} validation)')


def corpus_map(transform, rows):
    with torch.no_grad():
        scores = transform(caption_weights[rows]) @ scaled.T
    order = scores.argsort(dim=1, descending=True)[:, :10].tolist()
    return float(np.mean([ap_at_rows(o, set(torch.nonzero(file_caption == int(r)).flatten().tolist()))
                          for o, r in zip(order, rows)]))


print('| query weights | mean | lib 1 literal | lib 1 descr. | lib 2 literal | lib 2 descr. |')
print('|---|---|---|---|---|---|')
identity = lambda w: w
print(line('bridge as shipped (D = 0)', dev_map(identity)) + f' corpus val {corpus_map(identity, val_captions):.3f}')

# Untrained: spread each class's weight to the classes that fire with it on the corpus (column correlation).
z = (scaled - scaled.mean(0)) / (scaled.std(0) + 1e-6)
corr = (z.T @ z / len(z)).clamp(min=0)
corr = corr / corr.sum(1, keepdim=True)
for beta in (0.1, 0.25, 0.5):
    t = lambda w, beta=beta: (1 - beta) * w + beta * w @ corr
    print(line(f'co-firing spread {beta}', dev_map(t)) + f' corpus val {corpus_map(t, val_captions):.3f}')

for decay in (1e-2, 1e-3):
    for steps in (300, 1000):
        delta = torch.zeros(C, C, requires_grad=True)
        scale = torch.tensor(2.0, requires_grad=True)
        opt = torch.optim.AdamW([delta, scale], lr=1e-3, weight_decay=0)
        for step in range(steps):
            batch = train_captions[torch.randint(len(train_captions), (128,))]
            w = torch.relu(caption_weights[batch] @ (torch.eye(C) + delta))
            logits = scale.exp() * torch.log1p(w @ scaled.T)
            positive = file_caption[None, :] == batch[:, None]
            loss = -(torch.logsumexp(logits.masked_fill(~positive, -1e9), 1) - torch.logsumexp(logits, 1)).mean()
            loss = loss + decay * delta.abs().sum() / C
            opt.zero_grad()
            loss.backward()
            opt.step()
        d = delta.detach()
        t = lambda w, d=d: torch.relu(w @ (torch.eye(C) + d))
        print(line(f'learned D, L1 {decay}, {steps} steps', dev_map(t)) +
              f' corpus val {corpus_map(t, val_captions):.3f} train {corpus_map(t, train_captions[:300]):.3f}')

# Across the dev libraries: D learned on one library's queries and judgements, scored on the other. Not a shippable
# model (it learns from dev judgements); it asks whether query-like supervision would carry over where the corpus does not.
print('\n| D learned on | L1 | steps | scored on | mAP@10 before | after | literal | descr. | trained-on library after |')
print('|---|---|---|---|---|---|---|---|---|')
for (lib_a, meta_a, probs_a, weights_a), (lib_b, meta_b, probs_b, weights_b) in ((DEV[0], DEV[1]), (DEV[1], DEV[0])):
    scaled_a = probs_a / probs_a.mean(0).clamp(min=meta_a['priorFloor'])
    positive = torch.zeros(len(meta_a['queries']), len(scaled_a), dtype=torch.bool)
    for q, rel in enumerate(meta_a['relevant']):
        positive[q, rel] = True
    for decay, steps, diagonal in ((1e-2, 200, False), (1e-2, 600, False), (1e-3, 200, False), (1e-3, 600, False),
                                   (1e-2, 200, True), (1e-2, 600, True), (1e-3, 600, True)):
        if True:
            torch.manual_seed(0)
            # diagonal: one learned gain per class column (527 numbers) instead of a full map.
            delta = torch.zeros(C if diagonal else (C, C), requires_grad=True)
            scale = torch.tensor(2.0, requires_grad=True)
            opt = torch.optim.AdamW([delta, scale], lr=1e-3, weight_decay=0)
            for step in range(steps):
                w = torch.relu(weights_a @ (torch.eye(C) + torch.diag(delta) if diagonal else torch.eye(C) + delta))
                logits = scale.exp() * torch.log1p(w @ scaled_a.T)
                loss = -(torch.logsumexp(logits.masked_fill(~positive, -1e9), 1) - torch.logsumexp(logits, 1)).mean()
                loss = loss + decay * delta.abs().sum() / C
                opt.zero_grad()
                loss.backward()
                opt.step()
            d = torch.diag(delta.detach()) if diagonal else delta.detach()
            r = dev_map(lambda w, d=d: torch.relu(w @ (torch.eye(C) + d)))
            r0 = dev_map(identity)
            print(f"| library {lib_a}{' (diagonal)' if diagonal else ''} | {decay} | {steps} | library {lib_b} | {r0[lib_b + ' all']:.3f} | "
                  f"{r[lib_b + ' all']:.3f} | {r[lib_b + ' literal']:.3f} | {r[lib_b + ' descriptive']:.3f} | "
                  f"{r[lib_a + ' all']:.3f} |")
