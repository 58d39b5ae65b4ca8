"""Small byte-level transformer language model for the `caption` category.

Bytes as tokens (+ BOS/EOS/PAD) need no tokenizer training and handle any UTF-8 input.
Attention is written out by hand: F.scaled_dot_product_attention is newer than the
torch 1.13 that Debian ships.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

BOS, EOS, PAD = 256, 257, 258
VOCAB = 259


def encode(text):
    return [BOS] + list(text.encode("utf-8")) + [EOS]


def decode(tokens):
    return bytes(t for t in tokens if t < 256).decode("utf-8", errors="replace")


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads)
        att = att.masked_fill(mask[:t, :t], float("-inf")).softmax(dim=-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class TextLM(nn.Module):
    prune_keep = ("head",)  # magnitude pruning leaves the output projection dense

    def __init__(self, d_model=64, n_layers=2, n_heads=4, ctx=64):
        super().__init__()
        self.ctx = ctx
        self.tok = nn.Embedding(VOCAB, d_model)
        self.pos = nn.Embedding(ctx, d_model)
        self.blocks = nn.ModuleList(Block(d_model, n_heads) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, VOCAB)
        # True above the diagonal = future positions a token may not attend to.
        self.register_buffer("mask", torch.triu(torch.ones(ctx, ctx, dtype=torch.bool), 1), persistent=False)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(t, device=idx.device))
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.head(self.ln_f(x))


def lora_targets(name, module):
    # Attention and MLP projections: where task-specific behaviour lives.
    return isinstance(module, nn.Linear) and name.rsplit(".", 1)[-1] in ("qkv", "proj", "fc1", "fc2")


def chunk(records, ctx):
    """Token rows of length ctx+1 (input + shifted target), PAD-filled, one record per row
    group; a record longer than ctx+1 is split with one token of overlap."""
    rows = []
    for text in records:
        toks = encode(text)
        for i in range(0, max(len(toks) - 1, 1), ctx):
            piece = toks[i : i + ctx + 1]
            rows.append(piece + [PAD] * (ctx + 1 - len(piece)))
    return torch.tensor(rows, dtype=torch.long)


def loss(model, rows):
    logits = model(rows[:, :-1])
    return F.cross_entropy(logits.reshape(-1, VOCAB), rows[:, 1:].reshape(-1), ignore_index=PAD)


@torch.no_grad()
def generate(model, prompt, max_tokens, temperature, generator, device):
    """Sample up to max_tokens bytes after the prompt. Sampling happens on the CPU in
    float64 from `generator`, so a seed picks the same tokens on any device."""
    toks = encode(prompt)[:-1]  # BOS + prompt, no EOS: we continue it
    out = []
    for _ in range(max_tokens):
        window = torch.tensor([toks[-model.ctx :]], dtype=torch.long, device=device)
        logits = model(window)[0, -1].double().cpu()
        logits[PAD] = float("-inf")
        logits[BOS] = float("-inf")
        if temperature <= 0:
            nxt = int(torch.argmax(logits))
        else:
            probs = torch.softmax(logits / temperature, dim=0)
            nxt = int(torch.multinomial(probs, 1, generator=generator))
        if nxt == EOS:
            break
        toks.append(nxt)
        out.append(nxt)
    return decode(out)
