"""Per-kind training objectives: how to batch data and compute train/validation loss.

Validation loss must be a deterministic function of the weights (fixed noise and noise
levels for images), so that "validation loss fell" and early stopping measure the model,
not the luck of the random draw.
"""

import numpy as np
import torch
from PIL import Image

from .models import diffusion, text_lm


class TextTask:
    kind = "text"

    def __init__(self, model, device):
        self.ctx, self.device = model.ctx, device

    def prepare(self, records):
        return text_lm.chunk(records, self.ctx)

    def train_loss(self, model, data, idx, gen):
        return text_lm.loss(model, data[idx].to(self.device))

    @torch.no_grad()
    def val_loss(self, model, data, batch=64):
        # Mean over all target tokens (not over batches), so batch size does not matter.
        total, count = 0.0, 0
        for i in range(0, len(data), batch):
            rows = data[i : i + batch].to(self.device)
            n = int((rows[:, 1:] != text_lm.PAD).sum())
            total += float(text_lm.loss(model, rows)) * n
            count += n
        return total / max(count, 1)


class ImageTask:
    kind = "image"
    VAL_DRAWS = 4  # noise draws per validation image: lowers the variance of the estimate

    def __init__(self, model, device):
        self.size, self.device = model.image_size, device
        self.ab = diffusion.alpha_bar(device)

    def prepare(self, images):
        """images: PIL images or (H, W, 3) uint8 arrays -> (N, 3, S, S) in [-1, 1]."""
        out = [diffusion.from_pil(Image.fromarray(im) if isinstance(im, np.ndarray) else im, self.size)
               for im in images]
        return torch.stack(out)

    def train_loss(self, model, data, idx, gen):
        x0 = data[idx]
        flip = torch.rand(len(idx), generator=gen) < 0.5  # horizontal flips: free augmentation
        x0 = torch.where(flip[:, None, None, None], x0.flip(3), x0)
        t = torch.randint(0, diffusion.T, (len(idx),), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        dev = self.device
        return diffusion.loss(model, x0.to(dev), t.to(dev), noise.to(dev), self.ab)

    @torch.no_grad()
    def val_loss(self, model, data, batch=32):
        gen = torch.Generator().manual_seed(1234)
        x0 = data.repeat(self.VAL_DRAWS, 1, 1, 1)
        t = torch.randint(0, diffusion.T, (len(x0),), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        total = 0.0
        for i in range(0, len(x0), batch):
            sl = slice(i, i + batch)
            dev = self.device
            total += float(diffusion.loss(model, x0[sl].to(dev), t[sl].to(dev), noise[sl].to(dev), self.ab)) * len(x0[sl])
        return total / len(x0)


def for_kind(kind, model, device):
    return (TextTask if kind == "text" else ImageTask)(model, device)
