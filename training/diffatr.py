"""DiffATR: a denoiser that generates a query's score distribution over its top-N candidates from Gaussian noise,
conditioned on the query and candidate embeddings (after DiffusionRet / DiffATR, see shared/papers.md).

  x0      one-hot on the positive(s) over the N = 32 candidates (what is diffused: a score vector, not embeddings)
  x_t     = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps,   cosine schedule, T = 1000
  net     q = W_q(query + temb); k, v = W_k, W_v(cands + temb); attention logits q.k/sqrt(d) + x_t -> softmax ->
          pooled v; MLP([pooled ; cand_i]) -> one logit per candidate = the x0 prediction (as logits)
  loss    cross-entropy of the predicted logits against the positive(s)
  sample  DDIM (eta 0) in S steps from noise; final ranking score = contrastive score + alpha softmax(x0 logits)
  OOD     the generated distribution's peak: a query whose concept the library lacks gets a flat one
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

T = 1000


def cosine_alphas_cumprod(steps=T, s=0.008):
    x = torch.linspace(0, steps, steps + 1)
    f = torch.cos(((x / steps) + s) / (1 + s) * math.pi / 2) ** 2
    abar = f / f[0]
    return abar[1:].clamp(1e-5, 1.0)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], -1)


class Denoiser(nn.Module):
    def __init__(self, emb=512, width=256):
        super().__init__()
        self.width = width
        self.time = nn.Sequential(nn.Linear(128, width), nn.SiLU(), nn.Linear(width, emb))
        self.q = nn.Linear(emb, width)
        self.k = nn.Linear(emb, width)
        self.v = nn.Linear(emb, width)
        self.cand = nn.Linear(emb, width)
        self.out = nn.Sequential(nn.Linear(2 * width + 1, 2 * width), nn.GELU(), nn.Linear(2 * width, 1))

    def forward(self, x_t, t, query, cands):
        """x_t: B x N, t: B, query: B x E, cands: B x N x E -> x0 logits B x N."""
        temb = self.time(timestep_embedding(t, 128))                        # B x E
        q = self.q(query + temb)                                           # B x W
        k = self.k(cands + temb[:, None])                                  # B x N x W
        v = self.v(cands + temb[:, None])
        attn = torch.softmax((k @ q[:, :, None]).squeeze(-1) / math.sqrt(self.width) + x_t, -1)  # B x N
        pooled = (attn[:, :, None] * v).sum(1)                             # B x W
        h = torch.cat([pooled[:, None].expand_as(v), self.cand(cands), x_t[:, :, None]], -1)
        return self.out(h).squeeze(-1)


def x0_from_logits(logits):
    """The denoiser's x0 estimate as a distribution over candidates (x0 lives on the simplex's one-hot corners)."""
    return torch.softmax(logits, -1)


def training_loss(net, abar, x0, query, cands):
    B = x0.shape[0]
    t = torch.randint(0, T, (B,))
    a = abar[t][:, None]
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * torch.randn_like(x0)
    logits = net(x_t, t, query, cands)
    target = x0 / x0.sum(-1, keepdim=True)
    return -(F.log_softmax(logits, -1) * target).sum(-1).mean()


@torch.no_grad()
def ddim_sample(net, abar, query, cands, steps=4, noise=None):
    """DDIM, eta = 0: x_{t'} = sqrt(abar') x0_hat + sqrt(1 - abar') eps_hat. Returns the last x0 logits."""
    B, N = cands.shape[:2]
    x = noise if noise is not None else torch.randn(B, N)
    times = torch.linspace(T - 1, 0, steps + 1).round().long()
    logits = None
    for i in range(steps):
        t, t_next = times[i], times[i + 1]
        logits = net(x, t.repeat(B), query, cands)
        x0 = x0_from_logits(logits)
        a, a_next = abar[t], abar[t_next]
        eps = (x - a.sqrt() * x0) / (1 - a).sqrt()
        x = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
    return logits
