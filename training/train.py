"""`npm run train`: builds the corpus, caches the towers' features, trains the heads, evaluates the ablation on the
dev library (if eval/build-library.mjs built one), exports ONNX heads + manifest into <models>/hark-heads/.

Steps are cached in HARK_TRAIN_DIR (default /tmp/hark-train): delete a file there to redo its step.
Env: HARK_TRAIN_DIR, HARK_DEV_LIBRARY (default /tmp/hark-dev-library), HARK_MODELS_DIR (default <repo>/models),
     HARK_TRAIN_QUICK=1 (few epochs: a smoke run), HARK_TRAIN_AUGMENT=1 (train on augment_corpus.py's variants too;
     measured worse).
"""
import json
import os
import random
import re
import subprocess
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import build_corpus  # noqa: E402
import surgery  # noqa: E402
from data import Features, load_audio  # noqa: E402
from model import Heads, info_nce  # noqa: E402
from diffatr import Denoiser, cosine_alphas_cumprod, training_loss  # noqa: E402

WORK = os.environ.get('HARK_TRAIN_DIR', '/tmp/hark-train')
DEV = os.environ.get('HARK_DEV_LIBRARY', '/tmp/hark-dev-library')
MODELS = os.environ.get('HARK_MODELS_DIR', os.path.join(ROOT, 'models'))
OUT = os.path.join(MODELS, 'hark-heads')
QUICK = os.environ.get('HARK_TRAIN_QUICK') == '1'
NODE = os.path.join(ROOT, 'node_modules', '.bin', 'vite-node')


def log(msg):
    print(f'[{time.strftime("%H:%M:%S")}] {msg}', flush=True)


def run_node(script, *args):
    subprocess.run([NODE, os.path.join(HERE, script), '--', *args], check=True, cwd=ROOT)


def dev_queries():
    path = os.path.join(ROOT, 'eval', 'queries.tsv')
    out = []
    for line in open(path):
        if not line.strip() or line.startswith('#') or line.startswith('kind\t'):
            continue
        kind, query, relevant = line.rstrip('\n').split('\t')
        out.append({'kind': kind, 'query': query, 'patterns': [p.strip() for p in relevant.split(' ; ') if p.strip()]})
    return out


def prepare():
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(OUT, exist_ok=True)
    levels_model = os.path.join(OUT, 'mn04_levels.onnx')
    if not os.path.exists(levels_model):
        log('graph surgery on mn04 -> ' + levels_model)
        surgery.surgery(os.path.join(MODELS, 'efficientat-mn04-as', 'mn04_as.onnx'), levels_model)
    corpus_file = os.path.join(WORK, 'corpus.json')
    corpus = json.load(open(corpus_file)) if os.path.exists(corpus_file) else build_corpus.build(WORK)
    import evaluate
    dev_files = evaluate.dev_files(DEV)
    has_dev = bool(dev_files)
    queries = dev_queries() if has_dev else []
    audioset = json.load(open(os.path.join(MODELS, 'audioset', 'ontology.json')))
    # Weak pairs: AudioSet names (+ description) are texts too; the audio side is any file mn04 tags with that class.
    texts = sorted({c['caption'] for c in corpus} | {q['query'] for q in queries} | set(audioset_texts()))
    tower = chosen_text_tower()
    texts_dir = text_dir(tower)
    os.makedirs(texts_dir, exist_ok=True)
    texts_file = os.path.join(texts_dir, 'texts.json')
    tower_file = os.path.join(texts_dir, 'text-tower.json')
    # text-tower.json is written last by embed-texts.ts: without it, or of another tower, the vectors are redone.
    if (not os.path.exists(texts_file) or json.load(open(texts_file)) != texts
            or not os.path.exists(tower_file) or json.load(open(tower_file))['id'] != tower['id']):
        if os.path.exists(tower_file):
            os.remove(tower_file)
        json.dump(texts, open(texts_file, 'w'))
        log(f'embedding {len(texts)} texts ({tower["id"]} in Node)')
        run_node('embed-texts.ts', texts_dir, tower['name'])
    lists = [('corpus', [c['path'] for c in corpus])]
    if has_dev:
        lists.append(('dev', [os.path.join(DEV, 'named', f) for f in dev_files]))
    for name, paths in lists:
        prefix = os.path.join(WORK, f'{name}-audio')
        if not os.path.exists(prefix + '.f32'):
            json.dump(paths, open(os.path.join(WORK, f'{name}-files.json'), 'w'))
            log(f'extracting audio levels of {len(paths)} {name} files')
            run_node('extract-audio.ts', os.path.join(WORK, f'{name}-files.json'), prefix, levels_model)
    return corpus, queries, has_dev, texts_dir


def chosen_text_tower():
    """The tower the app would run (training/text-tower.ts: HARK_TEXT_TOWER, else MiniLM when installed, else
    USE-lite): {name, id, dim, layers}."""
    out = subprocess.run([NODE, os.path.join(HERE, 'text-tower.ts')], check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def text_dir(tower):
    """Each tower's text features in their own folder, named by its id (which changes with its weights): vectors of
    one tower are never read as another's, and switching back reuses the old ones."""
    return os.path.join(WORK, 'text-' + re.sub(r'[^A-Za-z0-9._-]+', '_', tower['id']))


_AUDIOSET_TEXTS = None


def audioset_texts():
    """In class index order: 'name' (the weak caption). Names only: descriptions are already the label bank's."""
    global _AUDIOSET_TEXTS
    if _AUDIOSET_TEXTS is None:
        import csv
        rows = list(csv.reader(open(os.path.join(MODELS, 'audioset', 'class_labels_indices.csv'))))[1:]
        _AUDIOSET_TEXTS = [r[2].lower() for r in rows]
    return _AUDIOSET_TEXTS


def train_heads(feats, audio, captions, parts, epochs, seed=0, weak_share=0.2, batch=128, weak_description=0.0):
    """Stage 1: contrastive (+ decorrelation when DCR is on). captions: one string per audio row."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    mean, std = audio.mean(0), audio.std(0) + 1e-3
    prior = audio[:, -527:].mean(0).clamp_min(1e-4)
    model = Heads(feats.labels, mean, std, prior, feats.tower, parts=parts)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    top_class = audio[:, -527:].argmax(1)
    names = audioset_texts()
    n = audio.shape[0]
    steps = epochs * (n // batch)
    if steps == 0:  # nothing to learn (the bridge alone)
        return model.eval()
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-3, total_steps=steps, pct_start=0.1)
    model.train()
    for step in range(steps):
        idx = torch.tensor(rng.sample(range(n), batch))
        weak = [rng.random() < weak_share for _ in range(batch)]
        texts = [names[top_class[i]] if w else captions[i] for i, w in zip(idx.tolist(), weak)]
        positives = torch.tensor([[a == b for b in texts] for a in texts])
        sentence, layers = feats.text(texts)
        if weak_description:  # weak pairs read as the label bank's 'name. description' sentence (what the bridge uses)
            for row, (i, w) in enumerate(zip(idx.tolist(), weak)):
                if w:
                    sentence[row] = feats.labels[top_class[i]]
        zt = model.encode_text(sentence, layers)
        za = model.encode_audio(audio[idx])
        scores, *_ = model.score(zt, za)
        loss = info_nce(scores, positives)
        if 'dcr' in parts:
            loss = loss + model.decorrelation_loss(zt[1], za[1])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            log(f'  {"+".join(parts)} step {step}/{steps} loss {loss.item():.3f}')
    model.eval()
    return model


def train_diffatr(model, feats, audio, captions, steps, n=32, seed=0):
    """Stage 2: features frozen; the denoiser learns to generate the one-hot of the positive over the top-32."""
    torch.manual_seed(seed)
    unique = sorted(set(captions))
    with torch.no_grad():
        za = model.encode_audio(audio)
        zt = model.encode_text(*feats.text(unique))
        scores = torch.cat([model.score(tuple(x[i:i + 8] for x in zt), za)[0] for i in range(0, len(unique), 8)])
    cap = captions
    positive = torch.tensor([[c == u for c in cap] for u in unique])
    top = scores.topk(n, dim=1).indices
    # Make sure each query's list holds a positive (the generation target): replace the last candidate if not.
    for q in range(len(unique)):
        if not positive[q, top[q]].any():
            top[q, -1] = positive[q].nonzero()[0, 0]
    x0 = positive.gather(1, top).float()
    q_emb, c_emb = zt[1], za[1][top]
    net = Denoiser()
    abar = cosine_alphas_cumprod()
    opt = torch.optim.AdamW(net.parameters(), lr=3e-4, weight_decay=1e-2)
    for step in range(steps):
        b = torch.randint(0, len(unique), (64,))
        # Candidate order carries no information: shuffle it so the net cannot learn "first is right".
        perm = torch.argsort(torch.rand(64, n), 1)
        loss = training_loss(net, abar, x0[b].gather(1, perm), q_emb[b], c_emb[b][torch.arange(64)[:, None], perm])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0 or step == steps - 1:
            log(f'  diffatr step {step}/{steps} loss {loss.item():.3f}')
    net.eval()
    return net, abar


JEMALLOC = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'
OPENBLAS_SERIAL = '/usr/lib/x86_64-linux-gnu/openblas-serial'


def with_fast_allocator():
    """Re-runs this script under jemalloc that keeps freed pages (Debian's libjemalloc2). The CA confidence
    allocates batch x batch x 8 x 256 floats per step; glibc hands such blocks back to the kernel each time and
    re-faulting them cost 0.4-0.6 s per 33M-float tensor (measured), 0.007 s with pages kept."""
    if os.path.exists(JEMALLOC) and 'jemalloc' not in os.environ.get('LD_PRELOAD', ''):
        env = dict(os.environ, LD_PRELOAD=JEMALLOC, MALLOC_CONF='dirty_decay_ms:-1,muzzy_decay_ms:-1,retain:true')
        # Debian's torch links the system BLAS, the reference one unless another is chosen: a step took 0.8 s on it
        # and 0.06 s on OpenBLAS (libopenblas0-serial; serial, as training runs one thread). Only this process
        # gets it, the machine's BLAS choice is left alone.
        if os.path.isdir(OPENBLAS_SERIAL):
            env['LD_LIBRARY_PATH'] = ':'.join(filter(None, [OPENBLAS_SERIAL, os.environ.get('LD_LIBRARY_PATH')]))
        os.execve(sys.executable, [sys.executable, *sys.argv], env)


def main():
    with_fast_allocator()
    t0 = time.time()
    # One thread: with the cores shared, OpenMP threads spin against each other (measured: 2 threads 1.06 s per
    # step, 1 thread 0.10 s).
    torch.set_num_threads(1)
    corpus, queries, has_dev, texts_dir = prepare()
    feats = Features(texts_dir)
    log(f'text tower {feats.tower["id"]}: {feats.tower["layers"]} blocks x {feats.tower["dim"]}')
    audio, ok = load_audio(os.path.join(WORK, 'corpus-audio'))
    keep = [i for i in range(len(corpus)) if ok[i]]
    if os.environ.get('HARK_TRAIN_AUGMENT') != '1':  # recorded and rendered files only unless variants are asked for
        keep = [i for i in keep if 'augment' not in corpus[i]]
    corpus = [corpus[i] for i in keep]
    audio = audio[keep]
    # Validation split by caption group: captions never straddle the split.
    val = [int(c['group'], 16) % 10 == 0 for c in corpus]
    train_idx = [i for i, v in enumerate(val) if not v]
    val_idx = [i for i, v in enumerate(val) if v]
    captions = [c['caption'] for c in corpus]
    log(f'corpus: {len(corpus)} files ({len(train_idx)} train, {len(val_idx)} validation), features ready in {time.time() - t0:.0f} s')
    epochs = 2 if QUICK else int(os.environ.get('HARK_EPOCHS', '25'))
    import evaluate
    results = evaluate.Ablation(feats, queries, DEV, WORK) if has_dev else None
    # Unanchored heads, then the same anchored on the zero-shot label bridge (its score added with a learned scale).
    variants = [('bridge',), ('global',), ('global', 'tha'), ('global', 'tha', 'dcr'),
                ('bridge', 'global'), ('bridge', 'global', 'tha'), ('bridge', 'global', 'tha', 'dcr')]
    models = {}
    t1 = time.time()
    for parts in variants:
        m = train_heads(feats, audio[train_idx], [captions[i] for i in train_idx], parts, 0 if parts == ('bridge',) else epochs)
        models[parts] = m
        if results:
            results.add_heads('+'.join(parts), m)
    log(f'stage 1 trained in {time.time() - t1:.0f} s')
    best = models[variants[-1]]
    t2 = time.time()
    net, abar = train_diffatr(best, feats, audio[train_idx], [captions[i] for i in train_idx], 300 if QUICK else 1500)
    log(f'DiffATR trained in {time.time() - t2:.0f} s')
    torch.save({'heads': best.state_dict(), 'parts': variants[-1], 'tower': best.tower, 'denoiser': net.state_dict()}, os.path.join(WORK, 'heads.pt'))
    # DiffATR's OOD signal is calibrated at one DDIM step (the cheapest; more steps measured no better).
    ood = evaluate.calibrate_ood(best, net, abar, feats, audio, captions, val_idx, train_idx, steps=1)
    ranking_steps = 1
    if results:
        stage1 = results.rows[-1][1]['all'][0]  # bridge+global+tha+dcr, no re-ranking: stripped mAP@10
        measured = {0: stage1}
        for steps in (1, 2, 4, 8):
            results.add_diffatr(f'{"+".join(variants[-1])}+diffatr(ddim {steps})', best, net, abar, steps)
            measured[steps] = results.rows[-1][1]['all'][0]
        # The app re-ranks with the step count that measured best, 0 (no re-ranking) included: ties go to fewer steps.
        ranking_steps = max(measured, key=lambda k: (round(measured[k], 3), -k))
        log('DiffATR re-ranking, stripped mAP@10 by DDIM steps: '
            + ', '.join(f'{k}: {v:.3f}' for k, v in measured.items()) + f' -> the app uses {ranking_steps}')
        results.add_diffatr(f'shipped: shortlist 200 -> heads -> DiffATR (ddim {ranking_steps})', best, net, abar,
                            ranking_steps, shortlist=200)
        results.ood_auroc(best, net, abar, ood)
        results.write(os.path.join(OUT, 'ablation.md'))
    ood['ranking_steps'] = ranking_steps
    no_match = evaluate.no_match_floor(best, feats, audio, sorted({captions[i] for i in val_idx}))
    log(f'no-match floor {no_match["strengthFloor"]:.4f} (2% of {no_match["validationCaptions"]} validation captions below it)')
    import export
    export.export_all(best, net, abar, feats, OUT, ood, no_match=no_match)
    log(f'done in {time.time() - t0:.0f} s')


if __name__ == '__main__':
    main()
