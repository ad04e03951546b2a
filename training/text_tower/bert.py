"""BERT encoder (all-MiniLM-L6-v2's architecture) in plain PyTorch: the whole forward pass on one screen.

Returns what the app asks of the text tower: the sentence embedding (mean of the last block's tokens, L2-normalised,
as sentence-transformers pools all-MiniLM-L6-v2) and every transformer block's output pooled the same way (THA's
text levels). Weights load from the checkpoint's safetensors by their BertModel names.
"""
import math
import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, hidden: int, eps: float):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.attn_out = nn.Linear(dim, dim)
        self.attn_norm = nn.LayerNorm(dim, eps=eps)
        self.ffn_in = nn.Linear(dim, hidden)
        self.ffn_out = nn.Linear(hidden, dim)
        self.ffn_norm = nn.LayerNorm(dim, eps=eps)

    def forward(self, x, mask_bias):  # x [B,T,D], mask_bias [B,1,1,T]: 0 for tokens, -10000 for padding
        b, t, d = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads) + mask_bias
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = self.attn_norm(x + self.attn_out(y))  # post-norm, as BERT
        return self.ffn_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class Bert(nn.Module):
    def __init__(self, vocab: int, dim: int, layers: int, heads: int, hidden: int, positions: int, eps: float):
        super().__init__()
        self.words = nn.Embedding(vocab, dim)
        self.positions = nn.Embedding(positions, dim)
        self.token_type = nn.Embedding(2, dim)
        self.embed_norm = nn.LayerNorm(dim, eps=eps)
        self.blocks = nn.ModuleList(Block(dim, heads, hidden, eps) for _ in range(layers))

    def forward(self, input_ids, attention_mask):  # both [B,T] int64
        t = input_ids.shape[1]
        position = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.embed_norm(self.words(input_ids) + self.positions(position) + self.token_type.weight[0])
        keep = attention_mask.to(x.dtype)  # [B,T]
        mask_bias = ((1.0 - keep) * -10000.0)[:, None, None, :]
        weights = (keep / keep.sum(1, keepdim=True).clamp(min=1.0)).unsqueeze(-1)  # mean over a text's own tokens
        pooled = []
        for block in self.blocks:
            x = block(x, mask_bias)
            pooled.append((x * weights).sum(1))
        blocks = torch.stack(pooled, 1)  # [B, layers, D]
        sentence = F.normalize(blocks[:, -1], dim=-1)
        return sentence, blocks


def from_checkpoint(config: dict, tensors: dict) -> Bert:
    """A Bert with the checkpoint's weights; `tensors` maps BertModel parameter names to arrays."""
    model = Bert(config['vocab_size'], config['hidden_size'], config['num_hidden_layers'],
                 config['num_attention_heads'], config['intermediate_size'], config['max_position_embeddings'],
                 config['layer_norm_eps'])
    w = {k.removeprefix('bert.'): torch.from_numpy(v.copy()) for k, v in tensors.items()}
    state = {
        'words.weight': w['embeddings.word_embeddings.weight'],
        'positions.weight': w['embeddings.position_embeddings.weight'],
        'token_type.weight': w['embeddings.token_type_embeddings.weight'],
        'embed_norm.weight': w['embeddings.LayerNorm.weight'],
        'embed_norm.bias': w['embeddings.LayerNorm.bias'],
    }
    for i in range(config['num_hidden_layers']):
        src = f'encoder.layer.{i}.'
        dst = f'blocks.{i}.'
        for part in ('weight', 'bias'):
            state[dst + 'qkv.' + part] = torch.cat([w[src + f'attention.self.{n}.{part}'] for n in ('query', 'key', 'value')])
            state[dst + 'attn_out.' + part] = w[src + 'attention.output.dense.' + part]
            state[dst + 'attn_norm.' + part] = w[src + 'attention.output.LayerNorm.' + part]
            state[dst + 'ffn_in.' + part] = w[src + 'intermediate.dense.' + part]
            state[dst + 'ffn_out.' + part] = w[src + 'output.dense.' + part]
            state[dst + 'ffn_norm.' + part] = w[src + 'output.LayerNorm.' + part]
    model.load_state_dict(state)  # strict: a renamed or missing tensor fails here
    return model.eval()
