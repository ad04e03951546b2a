"""Hark's retrieval heads over frozen towers (mn04 audio levels, the text tower's levels). The whole forward pass:

  audio levels  a_i (low 96, mid 192, high 272, features 384, hidden 512, probs 527)  -> z_a^i = norm(MLP_i(a_i))
  text levels   t_j (every block of the text tower pooled over the text's tokens, d each: MiniLM 6 x 384, USE-lite
                2 x 512; the sentence embedding d; the AudioSet class distribution 527) -> z_t^j = norm(W_j t_j)
  THA           s_tha = sum_ij softmax(pair_logits)_ij * cos(z_a^i, z_t^j): one similarity per (audio level, text
                level) pair, every text block included, as the paper aligns every BERT block (+ the label bridge as
                one more pair)
  DCR           e_a = W_a [z_a^1..6], e_t = W_t [z_t^1..J] in R^512 = K 8 factors x 64
  CA            w_k = MLP([t_k ; a_k]) 128 -> 256 -> 1,   s_dcr = sum_k w_k cos(t_k, a_k)
  global        s_glob = cos(e_a, e_t)                    (the single-embedding baseline)
  bridge        s_bridge = log sum_c softmax(cos(sentence, label_c) / 0.02)_c * p_c(audio) / prior_c  (zero-shot)
  score         = the sum of the enabled parts, each with a learned scale
Loss: symmetric InfoNCE over the batch (multi-positive: files sharing a caption are all positives) + the Barlow-style
factor decorrelation of DCR. DiffATR (diffusion over the top-32 score vector) is in diffatr.py.
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

AUDIO_LEVELS = [('level_low', 96), ('level_mid', 192), ('level_high', 272), ('features', 384), ('hidden', 512), ('probs', 527)]
AUDIO_SIZE = sum(d for _, d in AUDIO_LEVELS)
CLASSES = 527
BRIDGE_TEMPERATURE = 0.02  # measured best for the zero-shot label bridge (shared/measured.md)


def text_levels(tower):
    """The text levels of a tower ({'id', 'dim', 'layers'}, as embed-texts.ts records it in text-tower.json): each
    block's pooled output, the sentence embedding, the class distribution (computed inside the heads)."""
    d = tower['dim']
    return [(f'layer_{i}', d) for i in range(tower['layers'])] + [('sentence', d), ('classes', CLASSES)]


class Heads(nn.Module):
    def __init__(self, label_embeddings, audio_mean, audio_std, class_prior, tower, parts=('global', 'tha', 'dcr'),
                 dim=256, joint=512, factors=8):
        super().__init__()
        self.parts, self.factors = tuple(parts), factors
        # Which text tower the heads read: export.py writes it into heads.json, and the app refuses heads trained on
        # a tower other than the one it runs (their text levels would be another model's numbers).
        self.tower = {k: tower[k] for k in ('id', 'dim', 'layers')}
        self.text_levels = text_levels(self.tower)
        if label_embeddings.shape[1] != self.tower['dim']:
            raise ValueError(f'label embeddings are {label_embeddings.shape[1]}-d, the text tower {self.tower["dim"]}-d')
        self.register_buffer('labels', label_embeddings)      # 527 x d AudioSet label texts (the text tower)
        self.register_buffer('audio_mean', audio_mean)        # per-feature standardisation of the audio levels
        self.register_buffer('audio_std', audio_std)
        self.register_buffer('log_prior', class_prior.log())  # mean AudioSet probability over the training corpus
        self.audio_proj = nn.ModuleList([nn.Sequential(nn.Linear(d, dim), nn.GELU(), nn.Linear(dim, dim)) for _, d in AUDIO_LEVELS])
        self.text_proj = nn.ModuleList([nn.Linear(d, dim) for _, d in self.text_levels])
        n_pairs = len(AUDIO_LEVELS) * len(self.text_levels) + 1    # + the label bridge pair
        self.pair_logits = nn.Parameter(torch.zeros(n_pairs))
        self.audio_joint = nn.Linear(dim * len(AUDIO_LEVELS), joint)
        self.text_joint = nn.Linear(dim * len(self.text_levels), joint)
        k = joint // factors
        self.confidence = nn.Sequential(nn.Linear(2 * k, 4 * k), nn.ReLU(), nn.Linear(4 * k, 1))
        self.scale = nn.Parameter(torch.full((3,), math.log(10.0)))  # per part: global, THA, DCR
        self.bridge_scale = nn.Parameter(torch.tensor(2.0))          # the zero-shot label bridge as an anchor

    # --- towers' outputs -> head space (computed once per file / once per query) ---
    def encode_audio(self, audio):  # audio: B x AUDIO_SIZE raw levels -> (z: B x 6 x dim, e: B x 512, probs: B x 527)
        probs = audio[:, -527:]
        x = (audio - self.audio_mean) / self.audio_std
        z = torch.stack([F.normalize(p(part), dim=-1) for p, part in zip(self.audio_proj, x.split([d for _, d in AUDIO_LEVELS], dim=-1))], 1)
        e = self.audio_joint(z.flatten(1))
        return z, e, probs

    def encode_text(self, sentence, layers):  # B x d, B x (layers * d) -> (z: B x J x dim, e: B x 512, classes: B x 527)
        classes = torch.softmax(sentence @ self.labels.T / BRIDGE_TEMPERATURE, dim=-1)
        blocks = list(layers.split(self.tower['dim'], dim=-1))
        levels = [*blocks, sentence, classes * CLASSES ** 0.5]  # distribution ~ unit length
        z = torch.stack([F.normalize(p(t), dim=-1) for p, t in zip(self.text_proj, levels)], 1)
        e = self.text_joint(z.flatten(1))
        return z, e, classes

    # --- scoring: Q queries x N files -> Q x N scores, with what the explanation shows ---
    def score(self, text, audio):
        zt, et, classes = text
        za, ea, probs = audio
        scale = self.scale.exp()
        total = torch.zeros(zt.shape[0], za.shape[0])
        if 'global' in self.parts:
            total = total + scale[0] * F.normalize(et, dim=-1) @ F.normalize(ea, dim=-1).T
        pair_sims = None
        # The label bridge (zero-shot): sum_c p(class c | query text) * p(c | audio) / prior(c), on a log scale.
        bridge = torch.log(classes @ (probs / self.log_prior.exp()).T + 1e-6)
        if 'bridge' in self.parts:
            total = total + self.bridge_scale * bridge
        if 'tha' in self.parts:
            pair_sims = torch.einsum('qjd,nid->qnij', zt, za).flatten(2)          # Q x N x 6J (audio-major)
            pair_sims = torch.cat([pair_sims, (bridge / 10).unsqueeze(-1)], -1)    # Q x N x 6J + 1
            total = total + scale[1] * (pair_sims * torch.softmax(self.pair_logits, 0)).sum(-1)
        factor_sims = factor_conf = None
        if 'dcr' in self.parts:
            Q, N, K = et.shape[0], ea.shape[0], self.factors
            factor_sims = torch.einsum('qkd,nkd->qnk', F.normalize(et.view(Q, K, -1), dim=-1),
                                       F.normalize(ea.view(N, K, -1), dim=-1))  # Q x N x K: cos(t_k, a_k)
            # MLP([t_k ; a_k]) with its first layer split into a text half and an audio half: the same function,
            # but the wide layer runs once per query and once per file instead of once per pair.
            first, _, last = self.confidence
            wt, wa = first.weight.split(et.shape[-1] // K, dim=1)
            ht = et.view(Q, K, -1) @ wt.T + first.bias                            # Q x K x 4d
            ha = ea.view(N, K, -1) @ wa.T                                         # N x K x 4d
            hidden = torch.relu(ht.unsqueeze(1) + ha.unsqueeze(0))                # Q x N x K x 4d
            factor_conf = (hidden @ last.weight.T).squeeze(-1) + last.bias        # Q x N x K, not normalised
            total = total + scale[2] * (factor_conf * factor_sims).sum(-1) / K
        return total, pair_sims, factor_sims, factor_conf

    def decorrelation_loss(self, et, ea):
        """Barlow-style: the audio/text cross-correlation of the joint embedding is pushed to identity (on-diagonal
        0.01, as DiCoSA) and its entries between *different* factors to zero (0.005), which keeps factors apart."""
        B, D = et.shape
        t = (et - et.mean(0)) / (et.std(0) + 1e-5)
        a = (ea - ea.mean(0)) / (ea.std(0) + 1e-5)
        c = t.T @ a / B
        k = D // self.factors
        same_factor = torch.block_diag(*[torch.ones(k, k)] * self.factors).bool()
        on = (torch.diagonal(c) - 1).pow(2).sum()
        off = c[~same_factor].pow(2).sum()
        return 0.01 * on + 0.005 * off / self.factors


def info_nce(scores, positives):
    """Symmetric InfoNCE with several positives per row: the target spreads evenly over them."""
    pos = positives.float()
    t2a = -(F.log_softmax(scores, 1) * pos / pos.sum(1, keepdim=True)).sum(1).mean()
    a2t = -(F.log_softmax(scores, 0) * pos / pos.sum(0, keepdim=True)).sum(0).mean()
    return (t2a + a2t) / 2
