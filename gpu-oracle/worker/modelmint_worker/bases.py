"""Registry of base models, and where their pretrained weights are cached.

Base weights are produced by `python -m modelmint_worker.pretrain` (never downloaded) and
kept outside the repo in $MODELMINT_BASE_DIR, default ${MODELMINT_CACHE:-~/.cache/modelmint}/base.
A base file carries its own architecture in its metadata, so it can be rebuilt from the
file alone; an adapter records the sha256 of the base file it was trained on.
"""

import copy
import json
import os
import threading

from . import st_io
from .errors import WorkerError
from .models import diffusion, text_lm

# pretrain: generated items, epochs, batch size, learning rate. The tiny ones take seconds
# on 2 CPU cores (tests, CI); the small ones are the real bases: about 12 (caption),
# 11 (generate32) and 30 (generate64) minutes on one busy CPU core, seconds on a GPU.
BASES = {
    "caption-tiny": {"kind": "text", "arch": {"d_model": 64, "n_layers": 2, "n_heads": 4, "ctx": 64},
                     "pretrain": {"items": 256, "epochs": 2, "batch": 32, "lr": 3e-3}},
    "caption-small": {"kind": "text", "arch": {"d_model": 128, "n_layers": 4, "n_heads": 4, "ctx": 128},
                      "pretrain": {"items": 3000, "sentences": 2, "epochs": 3, "batch": 32, "lr": 1e-3}},
    "generate32-tiny": {"kind": "image", "arch": {"image_size": 32, "base_ch": 16, "mults": [1, 2]},
                        "pretrain": {"items": 160, "epochs": 3, "batch": 16, "lr": 3e-3}},
    "generate32-small": {"kind": "image", "arch": {"image_size": 32, "base_ch": 32, "mults": [1, 2, 2]},
                         "pretrain": {"items": 4000, "epochs": 8, "batch": 32, "lr": 1e-3}},
    "generate64-small": {"kind": "image", "arch": {"image_size": 64, "base_ch": 32, "mults": [1, 2, 2, 2]},
                         "pretrain": {"items": 3000, "epochs": 6, "batch": 32, "lr": 1e-3}},
}
KIND_OF_CATEGORY = {"caption": "text", "generate": "image", "style": "image"}

_cache, _lock = {}, threading.Lock()


def base_dir():
    if os.environ.get("MODELMINT_BASE_DIR"):
        return os.environ["MODELMINT_BASE_DIR"]
    cache = os.environ.get("MODELMINT_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "modelmint")
    return os.path.join(cache, "base")


def build(kind, arch):
    if kind == "text":
        return text_lm.TextLM(**arch)
    return diffusion.UNet(image_size=arch["image_size"], base_ch=arch["base_ch"], mults=tuple(arch["mults"]))


def metadata(base_id, spec):
    return {"modelmint.format": "base-v1", "modelmint.base_id": base_id, "modelmint.kind": spec["kind"],
            "modelmint.arch": json.dumps(spec["arch"], sort_keys=True),
            "modelmint.pretrain": json.dumps(spec["pretrain"], sort_keys=True)}


def load(base_id, category):
    """(model on CPU, sha256 of the base file, metadata). Loaded once per process; callers
    get a deep copy so LoRA injection never touches the cached model."""
    if base_id not in BASES:
        raise WorkerError("BAD_REQUEST", f"unknown base {base_id!r}; known: {', '.join(BASES)}")
    if KIND_OF_CATEGORY.get(category) != BASES[base_id]["kind"]:
        raise WorkerError("BAD_REQUEST", f"base {base_id!r} cannot serve category {category!r}")
    path = os.path.join(base_dir(), f"{base_id}.safetensors")
    if not os.path.exists(path):
        raise WorkerError("BASE_MODEL_MISSING", f"base weights {path} not found; send a 'pretrain' request "
                          f"or run `python -m modelmint_worker.pretrain --base {base_id}`", {"base": base_id, "path": path})
    key = (path, os.stat(path).st_mtime_ns)
    with _lock:
        if key not in _cache:
            sha = st_io.sha256_file(path)
            tensors, meta = st_io.load(path)
            model = build(meta["modelmint.kind"], json.loads(meta["modelmint.arch"]))
            model.load_state_dict(tensors)
            model.eval()
            _cache[key] = (model, sha, meta)
        model, sha, meta = _cache[key]
    return copy.deepcopy(model), sha, meta
