"""Procedural images: gradient backgrounds with a few coloured shapes.

Gives the base diffusion model a general prior (edges, flat colours, gradients) that a
LoRA fine-tune then bends towards a creator's images. Each image comes with a caption,
which also feeds the text corpus. Deterministic for a seed (numpy PCG64).
"""

import numpy as np

COLORS = {
    "red": (220, 40, 40), "orange": (240, 140, 30), "yellow": (240, 220, 50), "green": (50, 170, 70),
    "teal": (30, 160, 160), "blue": (40, 80, 210), "purple": (140, 60, 190), "pink": (240, 120, 180),
    "white": (245, 245, 245), "black": (20, 20, 20), "gray": (128, 128, 128), "brown": (130, 80, 40),
}
SHAPES = ("circle", "square", "triangle", "ring", "stripe")
SIZES = ("small", "medium", "large")


def _mask(shape, size_px, cx, cy, n, rng):
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    r = size_px / 2
    if shape == "circle":
        return (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r
    if shape == "ring":
        d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        return (d <= r) & (d >= r * 0.6)
    if shape == "square":
        return (abs(xx - cx) <= r) & (abs(yy - cy) <= r)
    if shape == "triangle":
        return (yy >= cy - r) & (yy <= cy + r) & (abs(xx - cx) <= (yy - (cy - r)) / 2)
    # stripe: a band across the whole image at a random angle
    ang = rng.uniform(0, np.pi)
    return abs((xx - cx) * np.sin(ang) - (yy - cy) * np.cos(ang)) <= r / 3


def render(rng, n=32):
    """One (n, n, 3) uint8 image and its caption."""
    names = list(COLORS)
    c1, c2 = rng.choice(names, 2, replace=False)
    direction = rng.choice(["left-to-right", "top-to-bottom"])
    ramp = np.linspace(0, 1, n, dtype=np.float32)
    w = ramp[None, :, None] if direction == "left-to-right" else ramp[:, None, None]
    img = (1 - w) * np.array(COLORS[c1], np.float32) + w * np.array(COLORS[c2], np.float32)
    img = np.broadcast_to(img, (n, n, 3)).copy()
    parts = []
    for _ in range(rng.integers(1, 4)):
        shape, color, size = rng.choice(SHAPES), rng.choice(names), rng.choice(SIZES)
        size_px = {"small": 0.2, "medium": 0.35, "large": 0.55}[size] * n
        cx, cy = rng.uniform(0.2, 0.8, 2) * n
        img[_mask(shape, size_px, cx, cy, n, rng)] = COLORS[color]
        parts.append(f"a {size} {color} {shape}")
    img += rng.normal(0, 4, img.shape).astype(np.float32)  # a little texture
    caption = f"{', '.join(parts[:-1]) + ' and ' if len(parts) > 1 else ''}{parts[-1]} on a {c1} to {c2} gradient"
    return np.clip(img, 0, 255).astype(np.uint8), caption


def dataset(count, n=32, seed=0):
    rng = np.random.default_rng(seed)
    return [render(rng, n) for _ in range(count)]
