"""Optimized model versions: a whole model (the base with its LoRA update merged in) in a
smaller or more portable form, one file per version, that inference loads on its own:

  model.safetensors   format `optimized-v1`, method fp16 | int8 | prune
  model.onnx          method onnx: an fp32 ONNX graph run with onnxruntime

Both carry `modelmint.*` metadata: format, method, category, kind, arch (JSON), base_id,
base_sha256 (what the source was trained on), source_sha256 (the adapter or weights file
optimized), sparsity (prune). Tensors in model.safetensors, by name:

  <name>                          dense: F32, or F16 for fp16
  <name>.q8, <name>.q8_scale      int8, symmetric per output channel: w = q8 * scale[out]
  <name>.mask, <name>.kept        pruned: packed bit mask of the kept entries (row-major,
                                  numpy packbits) and their F32 values in that order

The file is written by st_io, so its bytes (and sha256, the version's weights hash) depend
only on the tensors and metadata.
"""

import collections
import json
import threading

import numpy as np
import torch
from torch import nn

from . import bases, st_io
from .errors import WorkerError

FORMAT = "optimized-v1"
METHODS = ("int8", "fp16", "prune", "onnx")
FILE_NAMES = {"int8": "model.safetensors", "fp16": "model.safetensors", "prune": "model.safetensors",
              "onnx": "model.onnx"}


def weight_names(model, types, keep=()):
    """Names of the `weight` parameters of modules of `types` (what int8/prune touch),
    except modules named in `keep`."""
    return [f"{n}.weight" for n, m in model.named_modules() if isinstance(m, types) and n and n not in keep]


QUANTIZED = (nn.Linear, nn.Conv2d, nn.Embedding)
PRUNED = (nn.Linear, nn.Conv2d)


def quantize_rows(w):
    """Symmetric int8 per output channel (dim 0): (q8 int8, scale float32)."""
    flat = w.detach().float().reshape(w.shape[0], -1)
    scale = flat.abs().amax(dim=1) / 127.0
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))  # an all-zero row stays zero
    q = torch.round(flat / scale[:, None]).clamp(-127, 127).to(torch.int8).reshape(w.shape)
    return q, scale.to(torch.float32)


def prune_tensor(w, sparsity):
    """Zero the `sparsity` fraction of entries with the smallest magnitude (ties broken by
    position, so the mask is deterministic). Returns the pruned copy."""
    flat = w.detach().float().flatten().clone()
    k = int(sparsity * flat.numel())
    if k > 0:
        order = torch.sort(flat.abs(), stable=True).indices
        flat[order[:k]] = 0.0
    return flat.reshape(w.shape)


def encode(model, method, sparsity=None):
    """The tensors of model.safetensors for `method` (fp16, int8, prune)."""
    state = {k: v.detach().to("cpu").float() for k, v in model.state_dict().items()}
    out = {}
    if method == "fp16":
        return {k: v.half() for k, v in state.items()}
    if method == "int8":
        targets = set(weight_names(model, QUANTIZED))
    else:
        targets = set(weight_names(model, PRUNED, getattr(model, "prune_keep", ())))
    for name, t in state.items():
        if name not in targets:
            out[name] = t
        elif method == "int8":
            out[f"{name}.q8"], out[f"{name}.q8_scale"] = quantize_rows(t)
        else:
            pruned = prune_tensor(t, sparsity)
            keep = (pruned != 0).flatten()
            out[f"{name}.mask"] = torch.from_numpy(np.packbits(keep.numpy().astype(np.uint8)))
            out[f"{name}.kept"] = pruned.flatten()[keep].contiguous()
    return out


def decode(tensors, shapes):
    """Dense float32 state dict from model.safetensors tensors; `shapes` = the model's own
    state dict shapes. Also returns the int8 tensors by name (for dynamic quantization)."""
    state, q8 = {}, {}
    for name, shape in shapes.items():
        if name in tensors:
            state[name] = tensors[name].float()
        elif f"{name}.q8" in tensors:
            q, scale = tensors[f"{name}.q8"], tensors[f"{name}.q8_scale"].float()
            q8[name] = (q, scale)
            state[name] = (q.float().reshape(q.shape[0], -1) * scale[:, None]).reshape(q.shape)
        elif f"{name}.mask" in tensors:
            n = int(np.prod(shape))
            keep = torch.from_numpy(np.unpackbits(tensors[f"{name}.mask"].numpy())[:n].astype(bool))
            dense = torch.zeros(n)
            kept = tensors[f"{name}.kept"].float()
            if int(keep.sum()) != kept.numel():
                raise WorkerError("WEIGHTS_INVALID", f"{name}: mask keeps {int(keep.sum())} entries, {kept.numel()} stored")
            dense[keep] = kept
            state[name] = dense.reshape(shape)
        else:
            raise WorkerError("WEIGHTS_INVALID", f"optimized weights lack tensor {name}")
    return state, q8


def quantized_engine():
    """A quantized engine this torch build has (Debian's 1.13 lacks fbgemm)."""
    engines = torch.backends.quantized.supported_engines
    for e in ("fbgemm", "x86", "qnnpack", "onednn"):
        if e in engines:
            return e
    raise WorkerError("INTERNAL", f"no quantized engine in this torch build ({engines})")


def dynamic_int8(model, q8):
    """Linear layers become torch's dynamically quantized Linear (int8 weights, activations
    quantized per batch at run time) with exactly the stored int8 weights."""
    torch.backends.quantized.engine = quantized_engine()
    qmodel = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    for name, mod in qmodel.named_modules():
        key = f"{name}.weight"
        if key in q8 and hasattr(mod, "set_weight_bias"):
            q, scale = q8[key]
            qw = torch._make_per_channel_quantized_tensor(q, scale.double(), torch.zeros(q.shape[0], dtype=torch.long), 0)
            mod.set_weight_bias(qw, mod.bias())
    return qmodel


def metadata(method, category, base_meta, source_sha, sparsity=None):
    meta = {"modelmint.format": FORMAT, "modelmint.method": method, "modelmint.category": category,
            "modelmint.kind": base_meta["kind"], "modelmint.arch": json.dumps(base_meta["arch"], sort_keys=True),
            "modelmint.base_id": base_meta["base_id"], "modelmint.base_sha256": base_meta["base_sha256"],
            "modelmint.source_sha256": source_sha}
    if sparsity is not None:
        meta["modelmint.sparsity"] = repr(float(sparsity))
    return meta


def _check(meta, category, path):
    if meta.get("modelmint.format") != FORMAT or meta.get("modelmint.method") not in METHODS:
        raise WorkerError("WEIGHTS_INVALID", f"{path} is not an optimized model ({meta.get('modelmint.format')!r})")
    if bases.KIND_OF_CATEGORY.get(category) != meta.get("modelmint.kind"):
        raise WorkerError("WEIGHTS_INVALID", f"a {meta.get('modelmint.category')} model cannot serve {category}")


def read(path, category):
    """(model on the CPU, metadata) from model.safetensors or model.onnx."""
    if path.endswith(".onnx"):
        from . import onnx_export

        runner = onnx_export.Runner(path)
        _check(runner.meta, category, path)
        return runner, runner.meta
    try:
        tensors, meta = st_io.load(path)
    except Exception as e:
        raise WorkerError("WEIGHTS_INVALID", f"{path} is not a readable safetensors file: {e}")
    _check(meta, category, path)
    model = bases.build(meta["modelmint.kind"], json.loads(meta["modelmint.arch"]))
    state, q8 = decode(tensors, {k: tuple(v.shape) for k, v in model.state_dict().items()})
    model.load_state_dict(state)
    model.eval()
    if meta["modelmint.method"] == "int8":
        model = dynamic_int8(model, q8)
    return model, meta


_cache = collections.OrderedDict()  # (sha256, device) -> (model, meta)
_lock = threading.Lock()


def load_model(category, path, expected_sha, device):
    """An optimized model ready for inference: (model, meta, sha256). int8 and ONNX models
    run on the CPU whatever `device` says (their kernels are CPU kernels here)."""
    sha = st_io.checked_sha256(path, expected_sha, "weights")
    key = (sha, str(device))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            model, meta = _cache[key]
            _check(meta, category, path)
            return model, meta, sha
    model, meta = read(path, category)
    if isinstance(model, nn.Module) and meta["modelmint.method"] != "int8":
        model = model.to(device)
    with _lock:
        _cache[key] = (model, meta)
        while len(_cache) > 4:
            _cache.popitem(last=False)
    return model, meta, sha
