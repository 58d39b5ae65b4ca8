"""The `optimize` request: make a smaller or portable copy of a model version.

The source is a version's adapter (base + LoRA, merged into one plain model) or an
optimized safetensors version. Methods: `int8` (int8 weights, dynamic int8 Linear layers
at run time), `fp16` (half-precision weights), `prune` (magnitude pruning of Linear and
Conv2d weights at `sparsity`, stored sparse), `onnx` (an fp32 ONNX graph for onnxruntime).
The dataset is the validation set: its loss, the model's size and its inference time are
measured before and after, on the CPU, and written to metrics.json with the model file.
"""

import copy
import json
import os
import statistics
import tempfile
import time

import torch

from . import adapter, bases, dataset, infer, lora, optimized, pngio, st_io, tasks
from .errors import WorkerError
from .models import diffusion

TIMING_RUNS = 5


def _method(req):
    method = req.get("method")
    if method not in optimized.METHODS:
        raise WorkerError("CONFIG_INVALID", f"method must be one of {', '.join(optimized.METHODS)}; got {method!r}",
                          {"problems": [{"field": "method", "message": "unknown optimization method"}]})
    sparsity = req.get("sparsity")
    if method == "prune":
        sparsity = 0.5 if sparsity is None else sparsity
        if isinstance(sparsity, bool) or not isinstance(sparsity, (int, float)) or not 0.05 <= sparsity <= 0.95:
            raise WorkerError("CONFIG_INVALID", f"sparsity must be a number in [0.05, 0.95]; got {sparsity!r}",
                              {"problems": [{"field": "sparsity", "message": "out of range"}]})
        return method, float(sparsity)
    if sparsity is not None:
        raise WorkerError("CONFIG_INVALID", "sparsity applies to method prune only",
                          {"problems": [{"field": "sparsity", "message": "only for prune"}]})
    return method, None


def _source(req, category):
    """(plain fp32 model on the CPU, base facts for the metadata, source sha256)."""
    if req.get("adapter"):
        base_id = req.get("base")
        if not isinstance(base_id, str) or not base_id:
            raise WorkerError("BAD_REQUEST", "optimize from an adapter needs field: base")
        cached, base_sha, sha = adapter.load_model(category, base_id, req["adapter"], req.get("adapter_sha256"), "cpu")
        model = lora.merge(copy.deepcopy(cached))
        spec = bases.BASES[base_id]
        return model, {"kind": spec["kind"], "arch": spec["arch"], "base_id": base_id, "base_sha256": base_sha}, sha
    if req.get("weights"):
        path = req["weights"]
        if path.endswith(".onnx"):
            raise WorkerError("WEIGHTS_INVALID", "an ONNX version cannot be optimized again; start from its source")
        sha = st_io.checked_sha256(path, req.get("weights_sha256"), "weights")
        tensors, meta = st_io.load(path)
        optimized._check(meta, category, path)
        arch = json.loads(meta["modelmint.arch"])
        model = bases.build(meta["modelmint.kind"], arch)
        state, _ = optimized.decode(tensors, {k: tuple(v.shape) for k, v in model.state_dict().items()})
        model.load_state_dict(state)
        facts = {"kind": meta["modelmint.kind"], "arch": arch, "base_id": meta["modelmint.base_id"],
                 "base_sha256": meta["modelmint.base_sha256"]}
        return model.eval(), facts, sha
    raise WorkerError("BAD_REQUEST", "optimize needs an adapter (with base) or weights")


def _probe_input(category, val_images, tmp):
    """A fixed inference request for timing: short, greedy, so runs are comparable."""
    if category == "caption":
        return {"prompt": "Ahoy", "max_tokens": 32, "temperature": 0}
    if category == "generate":
        return {"steps": 10}
    path = os.path.join(tmp, "probe.png")
    with open(path, "wb") as f:
        f.write(pngio.encode_rgb(diffusion.to_uint8(val_images[0])))
    return {"image": path, "strength": 0.6, "steps": 10}


def _infer_ms(category, model, inp):
    """Median wall time of one inference over TIMING_RUNS runs (after one warm-up)."""
    infer.run_model(category, model, inp, 0, torch.device("cpu"))
    times = []
    for _ in range(TIMING_RUNS):
        t = time.perf_counter()
        infer.run_model(category, model, inp, 0, torch.device("cpu"))
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def _probe_diff(kind, model, runner, arch):
    """Largest absolute difference between the torch model and the ONNX runner on one input."""
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        if kind == "text":
            tokens = torch.randint(0, 256, (2, min(16, arch["ctx"])), generator=g)
            return float((model(tokens) - runner(tokens)).abs().max())
        x = torch.randn((2, 3, arch["image_size"], arch["image_size"]), generator=g)
        t = torch.tensor([10, 500])
        return float((model(x, t) - runner(x, t)).abs().max())


def handle(req, progress=None, cancelled=None):
    t0 = time.monotonic()
    category, out_dir = req["category"], req["out_dir"]
    method, sparsity = _method(req)
    kind, items, ds_info = dataset.validate(category, req["dataset"])
    model, facts, source_sha = _source(req, category)
    torch.manual_seed(req.get("seed", 0))
    task = tasks.for_kind(kind, model, "cpu")
    raw = [im for _, im in items] if kind == "image" else items
    val = task.prepare(raw)
    os.makedirs(out_dir, exist_ok=True)
    meta = optimized.metadata(method, category, facts, source_sha, sparsity)

    with tempfile.TemporaryDirectory() as tmp:
        probe = _probe_input(category, val if kind == "image" else None, tmp)
        fp32 = st_io.to_bytes({k: v.float() for k, v in model.state_dict().items()})
        before = {"size_bytes": len(fp32), "val_loss": task.val_loss(model, val), "infer_ms": _infer_ms(category, model, probe)}
        if cancelled and cancelled():
            raise WorkerError("CANCELLED", "cancelled")
        path = os.path.join(out_dir, optimized.FILE_NAMES[method])
        if method == "onnx":
            from . import onnx_export

            onnx_export.export(model, kind, facts["arch"], path, meta)
        else:
            st_io.save(path, optimized.encode(model, method, sparsity), meta)
        sha = st_io.sha256_file(path)
        # Measured as served: the file read back the way inference loads it.
        served, _ = optimized.read(path, category)
        after = {"size_bytes": os.path.getsize(path), "val_loss": task.val_loss(served, val),
                 "infer_ms": _infer_ms(category, served, probe)}
        extra = {}
        if method == "onnx":
            extra["onnx_max_abs_diff"] = _probe_diff(kind, model, served, facts["arch"])
        if method == "int8":
            extra["quantized_engine"] = optimized.quantized_engine()

    summary = {
        "weights": path, "weights_sha256": sha, "method": method, "sparsity": sparsity, "category": category,
        "base": facts["base_id"], "base_sha256": facts["base_sha256"], "source_sha256": source_sha,
        "dataset_sha256": ds_info["dataset_sha256"], "val_items": len(raw),
        "size_bytes_before": before["size_bytes"], "size_bytes_after": after["size_bytes"],
        "val_loss_before": before["val_loss"], "val_loss_after": after["val_loss"],
        "infer_ms_before": before["infer_ms"], "infer_ms_after": after["infer_ms"], **extra,
        "secs": round(time.monotonic() - t0, 3),
    }
    metrics_path = os.path.join(out_dir, "metrics.json")
    with open(metrics_path, "w") as f:  # no local paths in the pinned metrics
        json.dump({k: v for k, v in summary.items() if k != "weights"}, f, indent=2, sort_keys=True)
    return dict(summary, metrics=metrics_path)
