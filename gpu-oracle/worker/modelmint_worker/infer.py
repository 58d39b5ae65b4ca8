"""Deterministic inference for the three categories.

The same base, adapter, input and seed give byte-identical output on the CPU: every
random number comes from a CPU generator seeded with `seed`, sampling is done in fixed
order, text is written as raw UTF-8 and images through the deterministic PNG encoder.
"""

import hashlib
import os

import torch

from . import adapter, dataset, device as devmod, optimized, pngio
from .errors import WorkerError
from .models import diffusion, text_lm


def _int(inp, key, default, lo, hi):
    v = inp.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise WorkerError("INPUT_INVALID", f"input.{key} must be an integer in [{lo}, {hi}]; got {v!r}")
    return v


def _float(inp, key, default, lo, hi, lo_open=False):
    v = inp.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (lo < v if lo_open else lo <= v) or v > hi:
        raise WorkerError("INPUT_INVALID", f"input.{key} must be a number in {'(' if lo_open else '['}{lo}, {hi}]; got {v!r}")
    return float(v)


def caption(model, inp, seed, device):
    prompt = inp.get("prompt", "")
    if not isinstance(prompt, str) or len(prompt.encode("utf-8")) > 4096:
        raise WorkerError("INPUT_INVALID", "input.prompt must be a string of at most 4096 bytes")
    n = _int(inp, "max_tokens", 64, 1, 1024)
    temp = _float(inp, "temperature", 0.8, 0.0, 2.0)
    text = text_lm.generate(model, prompt, n, temp, devmod.cpu_generator(seed), device)
    return text.encode("utf-8"), "text/plain; charset=utf-8", "txt"


def _denoise_to_png(model, x, t_start, steps, device):
    ab = diffusion.alpha_bar(device)
    img = diffusion.ddim(model, x.to(device), t_start, steps, ab)[0]
    return pngio.encode_rgb(diffusion.to_uint8(img)), "image/png", "png"


def generate(model, inp, seed, device):
    steps = _int(inp, "steps", 25, 1, 250)
    s = model.image_size
    x = torch.randn((1, 3, s, s), generator=devmod.cpu_generator(seed))
    return _denoise_to_png(model, x, diffusion.T - 1, steps, device)


def style(model, inp, seed, device):
    path = inp.get("image")
    if not isinstance(path, str) or not os.path.isfile(path):
        raise WorkerError("INPUT_INVALID", f"input.image must be the path of an image file; got {path!r}")
    if os.path.getsize(path) > dataset.MAX_IMAGE_BYTES:
        raise WorkerError("INPUT_INVALID", f"input image exceeds {dataset.MAX_IMAGE_BYTES} bytes")
    im, problem = dataset.open_image(path, os.path.basename(path))
    if problem:
        raise WorkerError("INPUT_INVALID", f"input image: {problem['message']}", {"problems": [problem]})
    strength = _float(inp, "strength", 0.6, 0.0, 1.0, lo_open=True)
    steps = _int(inp, "steps", 25, 1, 250)
    ab = diffusion.alpha_bar("cpu")
    x0 = diffusion.from_pil(im, model.image_size)[None]
    t_start = max(1, round(strength * (diffusion.T - 1)))
    noise = torch.randn(x0.shape, generator=devmod.cpu_generator(seed))
    x = diffusion.noise_images(x0, torch.tensor([t_start]), noise, ab)  # noised on the CPU
    return _denoise_to_png(model, x, t_start, max(1, round(steps * strength)), device)


RUN = {"caption": caption, "generate": generate, "style": style}


def run_model(category, model, inp, seed, device):
    """(output bytes, media type, file extension) for an already loaded model."""
    if not isinstance(inp, dict):
        raise WorkerError("INPUT_INVALID", "input must be a JSON object")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise WorkerError("INPUT_INVALID", f"seed must be an integer in [0, 2^63); got {seed!r}")
    with torch.no_grad():
        return RUN[category](model, inp, seed, device)


def handle(req, cancelled=None):
    """The `infer` request: load (cached) weights, run, write out_dir/output.<ext>.
    `weights` (an optimized version's model file) replaces `base` + `adapter`."""
    category, out_dir = req["category"], req["out_dir"]
    device = devmod.pick(req.get("device", "cpu"))
    if req.get("weights"):
        model, meta, adapter_sha = optimized.load_model(category, req["weights"], req.get("weights_sha256"), device)
        base_sha = meta["modelmint.base_sha256"]
        if meta["modelmint.method"] in ("int8", "onnx"):
            device = devmod.pick("cpu")  # their kernels are CPU kernels here
    else:
        base_id = req.get("base") or (adapter.base_of(req["adapter"]) if req.get("adapter") else None)
        if not isinstance(base_id, str) or not base_id:
            raise WorkerError("BAD_REQUEST", "infer needs string field(s): base (or an adapter, or weights)")
        model, base_sha, adapter_sha = adapter.load_model(category, base_id, req.get("adapter"),
                                                          req.get("adapter_sha256"), device)
    data, media, ext = run_model(category, model, req.get("input", {}), req.get("seed", 0), device)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"output.{ext}")
    with open(path, "wb") as f:
        f.write(data)
    return {"output": path, "output_sha256": hashlib.sha256(data).hexdigest(), "media_type": media,
            "bytes": len(data), "weights_sha256": adapter_sha, "base_sha256": base_sha, "seed": req.get("seed", 0),
            "device": str(device)}
