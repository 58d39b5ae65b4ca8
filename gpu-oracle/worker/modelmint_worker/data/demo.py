"""Small demo fine-tune datasets (used by tests, the benchmark and local demos):
`python -m modelmint_worker.data.demo --out DIR` writes DIR/text and DIR/images.

Both differ clearly from the pretraining data, so a working fine-tune lowers the
validation loss: pirate-speak sentences, and orange/purple stripes in PNG, JPEG and WebP.
"""

import argparse
import json
import os

import numpy as np
from PIL import Image


def write_text(d, n=40):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pirate.jsonl"), "w") as f:
        for i in range(n):
            f.write(json.dumps({"text": f"Ahoy matey {i}, the sea be calm and the rum be sweet."}) + "\n")
    return d


def write_images(d, n=14, size=48):
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(5)
    for i in range(n):
        a = np.zeros((size, size, 3), np.uint8)
        a[:] = (240, 120, 20)
        for y in range(0, size, 8):
            a[y : y + 4] = (120, 20, 200)
        a = np.roll(a, int(rng.integers(0, 8)), 0)
        fmt = ("PNG", "JPEG", "WEBP")[i % 3]  # mixed on purpose: all three must decode
        Image.fromarray(a).save(os.path.join(d, f"img{i:02d}.{fmt.lower()}"), fmt, quality=95)
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    print(json.dumps({"text": write_text(os.path.join(a.out, "text")),
                      "images": write_images(os.path.join(a.out, "images"))}))


if __name__ == "__main__":
    main()
