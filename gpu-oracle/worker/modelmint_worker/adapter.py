"""Adapter files: a base model plus LoRA tensors, saved and loaded with the metadata that
ties them together (base id and base sha256, rank, alpha, category).

The weights hash of a model version is sha256(adapter.safetensors file bytes); the file
is written byte-deterministically (st_io), and its metadata holds no times or versions.
"""

import collections
import json
import threading

from safetensors import safe_open

from . import bases, lora, st_io
from .errors import WorkerError
from .models import diffusion, text_lm

FORMAT = "lora-v1"
_TARGETS = {"text": text_lm.lora_targets, "image": diffusion.lora_targets}


def attach(model, kind, rank, alpha):
    return lora.inject(model, rank, alpha, _TARGETS[kind])


def save(path, model, tensors, *, category, base_id, base_sha, rank, alpha, extra=None):
    meta = {"modelmint.format": FORMAT, "modelmint.category": category, "modelmint.base_id": base_id,
            "modelmint.base_sha256": base_sha, "modelmint.lora_rank": str(rank), "modelmint.lora_alpha": repr(float(alpha))}
    for k, v in (extra or {}).items():
        meta[f"modelmint.{k}"] = v if isinstance(v, str) else json.dumps(v, sort_keys=True, separators=(",", ":"))
    return st_io.save(path, tensors, meta)


def base_of(path):
    """The base id an adapter file names (`modelmint.base_id`), read from its header."""
    try:
        with safe_open(path, framework="pt", device="cpu") as f:
            base = (f.metadata() or {}).get("modelmint.base_id")
    except Exception as e:
        raise WorkerError("WEIGHTS_INVALID", f"adapter {path} is not a readable safetensors file: {e}")
    if not base:
        raise WorkerError("WEIGHTS_INVALID", f"adapter {path} names no base model")
    return base


_cache = collections.OrderedDict()  # (base sha, adapter sha, device) -> model; small LRU
_lock = threading.Lock()
CACHE_SIZE = 4


def load_model(category, base_id, adapter_path, expected_sha, device):
    """Base (+ adapter) ready for inference on `device`: (model, base_sha, adapter_sha|None)."""
    model, base_sha, _ = bases.load(base_id, category)
    if adapter_path is None:
        return model.to(device).eval(), base_sha, None
    sha = st_io.checked_sha256(adapter_path, expected_sha, "adapter")
    key = (base_sha, sha, str(device))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key], base_sha, sha
    try:
        tensors, meta = st_io.load(adapter_path)
    except Exception as e:
        raise WorkerError("WEIGHTS_INVALID", f"adapter {adapter_path} is not a readable safetensors file: {e}")
    if meta.get("modelmint.format") != FORMAT:
        raise WorkerError("WEIGHTS_INVALID", f"adapter format {meta.get('modelmint.format')!r} is not {FORMAT}")
    if meta.get("modelmint.base_sha256") != base_sha:
        raise WorkerError("WEIGHTS_INVALID", f"adapter was trained on base {meta.get('modelmint.base_id')} "
                          f"sha256 {meta.get('modelmint.base_sha256')}, not on {base_id} sha256 {base_sha}")
    if bases.KIND_OF_CATEGORY.get(meta.get("modelmint.category")) != bases.KIND_OF_CATEGORY[category]:
        raise WorkerError("WEIGHTS_INVALID", f"a {meta.get('modelmint.category')} adapter cannot serve {category}")
    try:
        attach(model, bases.BASES[base_id]["kind"], int(meta["modelmint.lora_rank"]), float(meta["modelmint.lora_alpha"]))
        lora.load(model, tensors)
    except (KeyError, ValueError) as e:
        raise WorkerError("WEIGHTS_INVALID", f"adapter does not fit base {base_id}: {e}")
    model = model.to(device).eval()
    with _lock:
        _cache[key] = model
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return model, base_sha, sha
