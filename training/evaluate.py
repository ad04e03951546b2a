"""Ablation on the dev library (eval/build-library.mjs + eval/queries.tsv), with the metrics of eval/metrics.mjs
(AP@10 = sum_{k<=10} P@k rel_k / min(#relevant, 10); R@1; R@10) and the "keyword hits first" fusion of
eval/harness.ts over its keyword run (<dev>/runs/named-keyword.jsonl).

  neural only  = the names-stripped library (the heads see audio only; stripped audio is the same audio)
  fused        = the named library: keyword (BM25 on path words) hits first, then the neural list
OOD: leave-concept-out. A dev query against the full library is "in library"; the same query against the library
without its relevant files is "not in library". AUROC of the DiffATR peak (and of the plain top score, for
comparison) over those two sets.
"""
import json
import os
import re

import torch

from diffatr import ddim_sample


def glob_to_regexp(glob):
    out, i = '', 0
    while i < len(glob):
        ch = glob[i]
        if ch == '*' and glob[i + 1:i + 2] == '*':
            out += '.*'
            i += 1
        elif ch == '*':
            out += '[^/]*'
        elif ch == '?':
            out += '[^/]'
        else:
            out += re.escape(ch)
        i += 1
    return re.compile(f'^{out}$')


AUDIO_EXTENSIONS = ('.wav', '.ogg', '.flac', '.mp3')


def dev_files(dev):
    """The dev library's named files, relative to <dev>/named, in the order of eval/tag-library.ts's walk (names
    sorted per folder, depth first): its named-files.json when that ran, else the same walk here, since
    eval/build-library.mjs alone does not write the list and the ablation was then skipped."""
    listed = os.path.join(dev, 'named-files.json')
    if os.path.exists(listed):
        return json.load(open(listed))
    root = os.path.join(dev, 'named')

    def walk(folder):
        out = []
        for name in sorted(os.listdir(folder)):
            full = os.path.join(folder, name)
            if os.path.isdir(full):
                out.extend(walk(full))
            elif name.lower().endswith(AUDIO_EXTENSIONS):
                out.append(os.path.relpath(full, root))
        return out
    return walk(root) if os.path.isdir(root) else []


def ap_at(flags, n_relevant, k=10):
    hits, total = 0, 0.0
    for i, f in enumerate(flags[:k]):
        if f:
            hits += 1
            total += hits / (i + 1)
    return total / min(n_relevant, k) if n_relevant else 0.0


def auroc(pos, neg):
    """P(score of an in-library query > score of a not-in-library one), ties half."""
    pos, neg = torch.tensor(pos), torch.tensor(neg)
    greater = (pos[:, None] > neg[None]).float().sum() + 0.5 * (pos[:, None] == neg[None]).float().sum()
    return (greater / (len(pos) * len(neg))).item()


@torch.no_grad()
def stage1_scores(model, feats, texts, audio):
    za = model.encode_audio(audio)
    zt = model.encode_text(*feats.text(texts))
    # Queries in small chunks: DCR/CA's hidden layer is queries x files x 8 x 256 floats.
    scores = torch.cat([model.score(tuple(x[i:i + 8] for x in zt), za)[0] for i in range(0, len(texts), 8)])
    return scores, zt, za


def fixed_noise(n=32, seed=0):
    """One starting noise for every query (exported in heads.json): the app's ranking is then deterministic and the
    same as measured here."""
    return torch.randn(n, generator=torch.Generator().manual_seed(seed))[None]


@torch.no_grad()
def rerank(model, net, abar, zt, za, s1, steps, n=32, seed=0):
    """Top-n by stage 1, re-scored: softmax(stage-1 top n) + softmax(DDIM x0 logits). Returns (top idx, new scores, peak)."""
    top = s1.topk(min(n, s1.shape[1]), dim=1)
    noise = fixed_noise(top.indices.shape[1], seed).expand(s1.shape[0], -1)
    logits = ddim_sample(net, abar, zt[1], za[1][top.indices], steps=steps, noise=noise)
    gen = torch.softmax(logits, -1)
    return top.indices, torch.softmax(top.values, -1) + gen, gen.max(-1).values


class Ablation:
    def __init__(self, feats, queries, dev, work):
        from data import load_audio
        self.feats, self.queries = feats, queries
        self.files = dev_files(dev)
        self.audio, self.ok = load_audio(os.path.join(work, 'dev-audio'))
        self.relevant = []
        for q in queries:
            regs = [glob_to_regexp(p) for p in q['patterns']]
            self.relevant.append({i for i, f in enumerate(self.files) if any(r.match(f) for r in regs)})
        self.keyword = self._run(os.path.join(dev, 'runs', 'named-keyword.jsonl'))
        self.rows = []
        # npm run eval names its runs by model (named-neural-label-bridge.jsonl); older runs were named-neural.jsonl.
        for run in ('named-neural-label-bridge.jsonl', 'named-neural.jsonl'):
            bridge = self._run(os.path.join(dev, 'runs', run))
            if bridge:
                self.rows.append((f'label bridge (the app, runs/{run})', self._metrics(bridge), self._metrics(self._fuse(bridge))))
                break
        self.ood_lines = []

    def _run(self, path):
        if not os.path.exists(path):
            return None
        index = {f: i for i, f in enumerate(self.files)}
        by_query = {}
        for line in open(path):
            if line.strip():
                r = json.loads(line)
                # Runs of `hark search` carry absolute paths: back to named-relative ones.
                paths = [x['path'].split('/named/', 1)[-1] for x in r['results']]
                by_query[r['query']] = [index[p] for p in paths if p in index]
        return [by_query.get(q['query'], []) for q in self.queries]

    def _fuse(self, neural):
        if not self.keyword:
            return neural
        out = []
        for kw, nn in zip(self.keyword, neural):
            seen = set(kw)
            out.append((kw + [f for f in nn if f not in seen])[:100])
        return out

    def _metrics(self, ranked):
        rows = []
        for q, rel, r in zip(self.queries, self.relevant, ranked):
            flags = [f in rel for f in r[:10]]
            rows.append((q['kind'], ap_at(flags, len(rel)), float(bool(flags[:1] and flags[0])), float(any(flags))))
        out = {}
        for kind in ('all', 'literal', 'descriptive'):
            sel = [x for x in rows if kind == 'all' or x[0] == kind]
            out[kind] = tuple(sum(x[i] for x in sel) / len(sel) for i in (1, 2, 3))
        return out

    def _rank(self, scores):
        scores = scores.masked_fill(~self.ok[None], float('-inf'))
        return scores.topk(100, dim=1).indices.tolist()

    def add_heads(self, name, model):
        s1, _, _ = stage1_scores(model, self.feats, [q['query'] for q in self.queries], self.audio)
        ranked = self._rank(s1)
        self.rows.append((name, self._metrics(ranked), self._metrics(self._fuse(ranked))))

    def add_diffatr(self, name, model, net, abar, steps, shortlist=None):
        s1, zt, za = stage1_scores(model, self.feats, [q['query'] for q in self.queries], self.audio)
        s1 = s1.masked_fill(~self.ok[None], float('-inf'))
        if shortlist:  # as src-main/ml/heads/search.ts: only the top files by joint-embedding cosine are scored
            cos = torch.nn.functional.normalize(zt[1], dim=-1) @ torch.nn.functional.normalize(za[1], dim=-1).T
            cos = cos.masked_fill(~self.ok[None], float('-inf'))
            keep = torch.zeros_like(s1, dtype=torch.bool).scatter_(1, cos.topk(shortlist, dim=1).indices, True)
            s1 = s1.masked_fill(~keep, float('-inf'))
        ranked = []
        if steps == 0:  # no re-ranking: the stage-1 order within the shortlist
            for q in range(len(self.queries)):
                ranked.append([i for i in s1[q].topk(100).indices.tolist() if s1[q, i] > float('-inf')])
            self.rows.append((name, self._metrics(ranked), self._metrics(self._fuse(ranked))))
            return
        top, new, _ = rerank(model, net, abar, zt, za, s1, steps)
        for q in range(len(self.queries)):
            head = top[q][new[q].argsort(descending=True)].tolist()
            rest = [i for i in s1[q].topk(100).indices.tolist() if i not in set(head) and s1[q, i] > float('-inf')]
            ranked.append((head + rest)[:100])
        self.rows.append((name, self._metrics(ranked), self._metrics(self._fuse(ranked))))

    def ood_auroc(self, model, net, abar, calibration):
        steps = calibration['steps']
        texts = [q['query'] for q in self.queries]
        s1, zt, za = stage1_scores(model, self.feats, texts, self.audio)
        s1 = s1.masked_fill(~self.ok[None], float('-inf'))
        inside = rerank(model, net, abar, zt, za, s1, steps)[2]
        held = s1.clone()
        for q, rel in enumerate(self.relevant):
            held[q, list(rel)] = float('-inf')
        outside = rerank(model, net, abar, zt, za, held, steps)[2]
        a_diff = auroc(inside.tolist(), outside.tolist())
        a_top = auroc(s1.max(1).values.tolist(), held.max(1).values.tolist())
        # Second protocol: AudioSet class names that mn04 hears nowhere in the dev library (max probability < 0.02)
        # as queries whose concept is not in the library, against the 168 dev queries.
        from train import audioset_texts
        absent = (self.audio[self.ok][:, -527:].max(0).values < 0.02).nonzero().flatten().tolist()
        names = [audioset_texts()[c] for c in absent]
        s2, zt2, za2 = stage1_scores(model, self.feats, names, self.audio)
        s2 = s2.masked_fill(~self.ok[None], float('-inf'))
        absent_peak = rerank(model, net, abar, zt2, za2, s2, steps)[2]
        b_diff = auroc(inside.tolist(), absent_peak.tolist())
        b_top = auroc(s1.max(1).values.tolist(), s2.max(1).values.tolist())
        thr = calibration['threshold']
        flagged_in = (inside < thr).float().mean().item()
        flagged_out = (outside < thr).float().mean().item()
        self.ood_lines = [
            f'OOD (leave-concept-out on {len(texts)} dev queries): AUROC DiffATR peak {a_diff:.3f}, plain top score {a_top:.3f}',
            f'OOD (dev queries vs {len(names)} AudioSet class names mn04 hears nowhere in the library): AUROC DiffATR peak '
            f'{b_diff:.3f}, plain top score {b_top:.3f}',
            f'threshold {thr:.4f} (calibrated on validation captions, AUROC there {calibration["auroc_val"]:.3f}): '
            f'flags {flagged_out:.2f} of left-out, {(absent_peak < thr).float().mean().item():.2f} of absent-class and '
            f'{flagged_in:.2f} of in-library dev queries as "no good match"',
        ]

    def write(self, path):
        lines = ['| method | stripped (neural only) mAP@10 | R@1 | R@10 | descr. mAP@10 | named (keyword first) mAP@10 | R@1 | literal mAP@10 | descr. mAP@10 |',
                 '|---|---|---|---|---|---|---|---|---|']
        for name, n, f in self.rows:
            lines.append(f'| {name} | {n["all"][0]:.3f} | {n["all"][1]:.3f} | {n["all"][2]:.3f} | {n["descriptive"][0]:.3f} | '
                         f'{f["all"][0]:.3f} | {f["all"][1]:.3f} | {f["literal"][0]:.3f} | {f["descriptive"][0]:.3f} |')
        text = '\n'.join(lines + [''] + self.ood_lines) + '\n'
        open(path, 'w').write(text)
        print(text, flush=True)


def calibrate_ood(model, net, abar, feats, audio, captions, val_idx, train_idx, steps=4):
    """Threshold on the DiffATR peak from validation captions (leave-concept-out against the whole corpus)."""
    texts = sorted({captions[i] for i in val_idx})
    s1, zt, za = stage1_scores(model, feats, texts, audio)
    inside = rerank(model, net, abar, zt, za, s1, steps)[2]
    held = s1.clone()
    for q, t in enumerate(texts):
        held[q, [i for i, c in enumerate(captions) if c == t]] = float('-inf')
    outside = rerank(model, net, abar, zt, za, held, steps)[2]
    # Youden's J: the threshold that best separates the two sets.
    candidates = sorted(set(inside.tolist() + outside.tolist()))
    best = max(candidates, key=lambda t: (inside >= t).float().mean() - (outside >= t).float().mean())
    return {'threshold': float(best), 'auroc_val': auroc(inside.tolist(), outside.tolist()), 'steps': steps}


@torch.no_grad()
def no_match_floor(model, feats, audio, texts, mass=0.95, share=0.02):
    """The heads' "no good match" floor for the app (src-main/search/heads-search.ts): the match strength -- max over
    files of the query's class weights x the file's probabilities, over the strongest classes holding `mass` of the
    weight (DEFAULT_BRIDGE_SETTINGS.massKept) -- below which only `share` of the validation captions fall with their
    own files in the corpus. Set low on purpose, like the label bridge's: a wrong flag hides a list that was right."""
    classes = model.encode_text(*feats.text(texts))[2]
    probs = audio[:, -527:]
    strengths = []
    for w in classes:
        order = w.argsort(descending=True)
        keep = order[:int((w[order].cumsum(0) < mass * w.sum()).sum()) + 1]
        strengths.append((probs[:, keep] @ w[keep]).max().item())
    floor = torch.tensor(strengths).quantile(share).item()
    return {'strengthFloor': floor, 'validationCaptions': len(texts), 'flaggedShare': share}

