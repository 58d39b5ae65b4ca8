"""Byte-level formats behind the hashes: safetensors writer and PNG encoder."""

import io

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

from modelmint_worker import pngio, st_io


def test_safetensors_bytes_are_deterministic_and_readable(tmp_path):
    tensors = {f"layer{i}.lora_a": torch.randn(3, 5) for i in range(12)}
    meta = {f"key{i}": str(i) for i in range(12)}
    a = st_io.to_bytes(tensors, meta)
    # Same content given in another insertion order: same bytes (the library's writer fails this).
    b = st_io.to_bytes(dict(reversed(list(tensors.items()))), dict(reversed(list(meta.items()))))
    assert a == b
    sha = st_io.save(str(tmp_path / "x.safetensors"), tensors, meta)
    loaded = load_file(str(tmp_path / "x.safetensors"))
    assert set(loaded) == set(tensors) and all(torch.equal(loaded[k], tensors[k]) for k in tensors)
    assert st_io.load(str(tmp_path / "x.safetensors"))[1] == meta
    assert sha == st_io.sha256_file(str(tmp_path / "x.safetensors"))


def test_png_round_trips_and_is_deterministic():
    px = np.random.default_rng(1).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    data = pngio.encode_rgb(px)
    assert data == pngio.encode_rgb(px.copy())
    im = Image.open(io.BytesIO(data))
    assert im.format == "PNG" and np.array_equal(np.asarray(im), px)
    assert b"tIME" not in data and b"tEXt" not in data
