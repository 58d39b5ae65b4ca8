"""Small image diffusion model (DDPM training, DDIM sampling) for `generate` and `style`.

A compact U-Net predicts the noise added to an image; sampling uses deterministic DDIM
(eta = 0): given the starting noise, every step is a fixed function of the weights, so
a seed fully determines the picture. `style` starts from the input image noised to a
chosen strength instead of pure noise (SDEdit).
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

T = 1000  # training noise levels


def alpha_bar(device="cpu"):
    # Cosine schedule (Nichol & Dhariwal 2021), computed in float64 for stability.
    s = 0.008
    t = torch.arange(T + 1, dtype=torch.float64) / T
    f = torch.cos((t + s) / (1 + s) * math.pi / 2) ** 2
    ab = (f / f[0])[1:].clamp(1e-5, 0.9999)
    return ab.to(torch.float32).to(device)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


def _norm(ch):
    return nn.GroupNorm(8 if ch % 8 == 0 else 1, ch)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim):
        super().__init__()
        self.n1, self.c1 = _norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.t = nn.Linear(tdim, cout)
        self.n2, self.c2 = _norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x))) + self.t(temb)[:, :, None, None]
        return self.skip(x) + self.c2(F.silu(self.n2(h)))


class Attention(nn.Module):
    def __init__(self, ch, heads=4):
        super().__init__()
        self.heads, self.n = heads, _norm(ch)
        self.qkv, self.proj = nn.Linear(ch, 3 * ch), nn.Linear(ch, ch)

    def forward(self, x):
        b, c, h, w = x.shape
        z = self.n(x).flatten(2).transpose(1, 2)  # (b, hw, c)
        q, k, v = (y.reshape(b, h * w, self.heads, c // self.heads).transpose(1, 2) for y in self.qkv(z).split(c, 2))
        att = ((q @ k.transpose(-2, -1)) / math.sqrt(c // self.heads)).softmax(-1)
        out = self.proj((att @ v).transpose(1, 2).reshape(b, h * w, c))
        return x + out.transpose(1, 2).reshape(b, c, h, w)


class UNet(nn.Module):
    # Magnitude pruning leaves the first and last convs dense: small, and every pixel passes them.
    prune_keep = ("conv_in", "conv_out")

    def __init__(self, image_size=32, base_ch=16, mults=(1, 2)):
        super().__init__()
        self.image_size, self.base_ch = image_size, base_ch
        tdim = base_ch * 4
        self.temb = nn.Sequential(nn.Linear(base_ch, tdim), nn.SiLU(), nn.Linear(tdim, tdim))
        chs = [base_ch * m for m in mults]
        self.conv_in = nn.Conv2d(3, base_ch, 3, padding=1)
        self.down, self.downsample = nn.ModuleList(), nn.ModuleList()
        prev = base_ch
        for i, ch in enumerate(chs):
            self.down.append(ResBlock(prev, ch, tdim))
            self.downsample.append(nn.Conv2d(ch, ch, 3, stride=2, padding=1) if i < len(chs) - 1 else nn.Identity())
            prev = ch
        self.mid1, self.mid_attn, self.mid2 = ResBlock(prev, prev, tdim), Attention(prev), ResBlock(prev, prev, tdim)
        self.up, self.upsample = nn.ModuleList(), nn.ModuleList()
        for i in reversed(range(len(chs))):
            self.up.append(ResBlock(prev + chs[i], chs[i], tdim))
            self.upsample.append(nn.Conv2d(chs[i], chs[i], 3, padding=1) if i > 0 else nn.Identity())
            prev = chs[i]
        self.n_out, self.conv_out = _norm(prev), nn.Conv2d(prev, 3, 3, padding=1)

    def forward(self, x, t):
        temb = self.temb(timestep_embedding(t, self.base_ch))
        h, skips = self.conv_in(x), []
        for res, down in zip(self.down, self.downsample):
            h = res(h, temb)
            skips.append(h)
            h = down(h)
        h = self.mid2(self.mid_attn(self.mid1(h, temb)), temb)
        for res, up in zip(self.up, self.upsample):
            h = res(torch.cat([h, skips.pop()], 1), temb)
            if not isinstance(up, nn.Identity):
                h = up(F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.conv_out(F.silu(self.n_out(h)))


def lora_targets(name, module):
    # Every 3x3 conv in the residual blocks plus attention: enough capacity to learn a
    # new colour/texture style; in/out convs and norms stay frozen.
    leaf = name.rsplit(".", 1)[-1]
    return leaf in ("c1", "c2", "qkv", "proj") or (leaf == "t" and isinstance(module, nn.Linear))


def noise_images(x0, t, noise, ab):
    a = ab[t][:, None, None, None]
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


def loss(model, x0, t, noise, ab):
    return F.mse_loss(model(noise_images(x0, t, noise, ab), t), noise)


@torch.no_grad()
def ddim(model, x, t_start, steps, ab):
    """Denoise x (at noise level t_start) to an image in [-1, 1] with `steps` DDIM steps."""
    ts = torch.linspace(t_start, 0, steps + 1).round().long().tolist()
    for t, t_next in zip(ts[:-1], ts[1:]):
        if t == t_next:
            continue
        a, a_next = ab[t], ab[t_next] if t_next > 0 else torch.tensor(1.0, device=x.device)
        eps = model(x, torch.full((x.shape[0],), t, device=x.device, dtype=torch.long))
        x0 = ((x - (1 - a).sqrt() * eps) / a.sqrt()).clamp(-1, 1)
        eps = (x - a.sqrt() * x0) / (1 - a).sqrt()  # consistent with the clamped x0
        x = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
    return x.clamp(-1, 1)


def to_uint8(x):
    """(3, H, W) in [-1, 1] -> (H, W, 3) uint8 numpy array."""
    return ((x.detach().cpu().float() + 1) * 127.5).round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()


def from_pil(im, size):
    """RGB PIL image -> (3, size, size) tensor in [-1, 1], centre-cropped to a square."""
    import numpy as np
    from PIL import Image

    w, h = im.size
    s = min(w, h)
    im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
    im = im.resize((size, size), Image.BICUBIC)
    arr = torch.from_numpy(np.asarray(im, dtype=np.uint8).copy()).permute(2, 0, 1).float()
    return arr / 127.5 - 1
