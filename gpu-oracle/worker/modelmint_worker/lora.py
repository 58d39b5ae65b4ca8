"""LoRA adapters in plain PyTorch (Debian has no `peft`).

A LoRA layer keeps the frozen base layer and adds a low-rank update scaled by alpha/rank:
  Linear:  y = W x + b + (alpha/r) * B(A x)           A: (r, in), B: (out, r)
  Conv2d:  y = conv(x) + (alpha/r) * up(down(x))      down: r filters of the base kernel
                                                      size/stride/padding, up: 1x1 conv
B / up start at zero, so an un-trained adapter leaves the base model's output unchanged.
The adapter file holds only these tensors, named "<module path>.<lora_a|lora_b|lora_down|lora_up>".
"""

import math

import torch
from torch import nn
from torch.nn import functional as F


class LoRALinear(nn.Module):
    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))

    def forward(self, x):
        return self.base(x) + F.linear(F.linear(x, self.lora_a), self.lora_b) * self.scale


class LoRAConv2d(nn.Module):
    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        k = base.kernel_size
        self.lora_down = nn.Parameter(torch.empty(rank, base.in_channels, k[0], k[1]))
        self.lora_up = nn.Parameter(torch.zeros(base.out_channels, rank, 1, 1))
        nn.init.kaiming_uniform_(self.lora_down, a=math.sqrt(5))

    def forward(self, x):
        b = self.base
        low = F.conv2d(x, self.lora_down, None, b.stride, b.padding, b.dilation)
        return b(x) + F.conv2d(low, self.lora_up) * self.scale


def inject(model, rank, alpha, targets):
    """Freeze the model and wrap every Linear/Conv2d whose name matches targets(name, module).
    Returns the wrapped module names, in order."""
    for p in model.parameters():
        p.requires_grad_(False)
    wrapped = []
    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if not targets(full, child):
                continue
            if isinstance(child, nn.Linear):
                setattr(module, child_name, LoRALinear(child, rank, alpha))
            elif isinstance(child, nn.Conv2d) and child.groups == 1:
                setattr(module, child_name, LoRAConv2d(child, rank, alpha))
            else:
                continue
            wrapped.append(full)
    # LoRA parameters are created on the CPU; move them next to the base weights.
    device = next(model.parameters()).device
    model.to(device)
    return wrapped


def state_dict(model):
    """Only the adapter tensors, keyed '<module>.<param>' without the '.base' wrapper."""
    return {n: p.detach().clone() for n, p in model.named_parameters() if n.rsplit(".", 1)[-1].startswith("lora_")}


def load(model, tensors):
    """Copy adapter tensors into an injected model; raise ValueError on any mismatch."""
    own = dict(model.named_parameters())
    expected = {n for n in own if n.rsplit(".", 1)[-1].startswith("lora_")}
    missing, extra = expected - set(tensors), set(tensors) - expected
    if missing or extra:
        raise ValueError(f"adapter does not fit the model: missing {sorted(missing)[:5]}, unexpected {sorted(extra)[:5]}")
    with torch.no_grad():
        for n, t in tensors.items():
            if own[n].shape != t.shape:
                raise ValueError(f"{n}: shape {tuple(t.shape)} != {tuple(own[n].shape)}")
            own[n].copy_(t)


def trainable(model):
    return [p for n, p in model.named_parameters() if n.rsplit(".", 1)[-1].startswith("lora_")]


def merge(model):
    """Fold every LoRA update into its base layer and drop the wrappers, in place: the
    result is a plain model with the fine-tuned weights (what optimization starts from).
    Conv: up (1x1) after down equals one conv whose kernel is up @ down."""
    with torch.no_grad():
        for name, module in list(model.named_modules()):
            for child_name, child in list(module.named_children()):
                if isinstance(child, LoRALinear):
                    child.base.weight += (child.lora_b @ child.lora_a) * child.scale
                elif isinstance(child, LoRAConv2d):
                    up = child.lora_up[:, :, 0, 0]
                    child.base.weight += torch.einsum("or,rikl->oikl", up, child.lora_down) * child.scale
                else:
                    continue
                setattr(module, child_name, child.base)
    return model
