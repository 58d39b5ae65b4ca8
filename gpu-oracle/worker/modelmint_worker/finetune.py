"""The `train` request: validate config and dataset, LoRA fine-tune a base model with a
validation split and early stopping, and write the artifacts:

  out_dir/adapter.safetensors   LoRA tensors (its sha256 is the weights hash)
  out_dir/metrics.json          per-epoch train/val loss, best epoch, timings, config
  out_dir/samples/sample-N.*    outputs of the trained model for fixed seeds
"""

import hashlib
import json
import os
import time

import torch

from . import adapter, bases, config as configmod, dataset, device as devmod, infer, lora, pngio, tasks
from .models import diffusion
from .fit import fit

SAMPLES = 3


def _split(items, fraction, seed):
    """Deterministic shuffle, then at least one item on each side."""
    order = torch.randperm(len(items), generator=torch.Generator().manual_seed(seed)).tolist()
    n_val = min(len(items) - 1, max(1, round(len(items) * fraction)))
    return [items[i] for i in order[n_val:]], [items[i] for i in order[:n_val]]


def _samples(category, model, val_items, out_dir, device):
    os.makedirs(os.path.join(out_dir, "samples"), exist_ok=True)
    paths = []
    for i in range(SAMPLES):
        if category == "caption":
            inp = {"prompt": val_items[i % len(val_items)][:8], "max_tokens": 48}
        elif category == "style":
            src = os.path.join(out_dir, "samples", f"input-{i}.png")
            with open(src, "wb") as f:  # the style sample's input: a validation image
                f.write(pngio.encode_rgb(diffusion.to_uint8(val_items[i % len(val_items)])))
            inp = {"image": src, "strength": 0.6}
        else:
            inp = {}
        data, _, ext = infer.run_model(category, model, inp, i, device)
        if category == "caption":
            data = inp["prompt"].encode("utf-8") + data  # show the continuation in context
        path = os.path.join(out_dir, "samples", f"sample-{i}.{ext}")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def handle(req, progress=None, cancelled=None):
    t0 = time.monotonic()
    category, base_id, out_dir = req["category"], req["base"], req["out_dir"]
    seed = req.get("seed", 0)
    cfg = configmod.resolve(req.get("config"))  # config errors first: cheapest to report
    kind, items, ds_info = dataset.validate(category, req["dataset"])
    model, base_sha, _ = bases.load(base_id, category)
    device = devmod.pick(req.get("device", "auto"))
    devmod.seed_all(seed)
    adapter.attach(model, kind, cfg["loraRank"], cfg["loraAlpha"])
    model.to(device)
    task = tasks.for_kind(kind, model, device)
    raw = [im for _, im in items] if kind == "image" else items
    train_items, val_items = _split(raw, cfg["validationSplit"], seed)
    train, val = task.prepare(train_items), task.prepare(val_items)
    res = fit(model, lora.trainable(model), task, train, val, epochs=cfg["epochs"], batch_size=cfg["batchSize"],
              lr=cfg["learningRate"], patience=cfg["earlyStoppingPatience"], seed=seed,
              snapshot=lambda: lora.state_dict(model), progress=progress, cancelled=cancelled)
    lora.load(model, res["best_state"])  # keep the best epoch, not the last
    model.eval()

    os.makedirs(out_dir, exist_ok=True)
    adapter_path = os.path.join(out_dir, "adapter.safetensors")
    cfg_json = json.dumps(cfg, sort_keys=True, separators=(",", ":"))
    sha = adapter.save(adapter_path, model, res["best_state"], category=category, base_id=base_id, base_sha=base_sha,
                       rank=cfg["loraRank"], alpha=cfg["loraAlpha"],
                       extra={"config": cfg_json, "dataset_sha256": ds_info["dataset_sha256"], "seed": str(seed)})
    samples = _samples(category, model, val if kind == "image" else val_items, out_dir, device)
    hist = res["history"]
    summary = {
        "adapter": adapter_path, "weights_sha256": sha, "base": base_id, "base_sha256": base_sha,
        "dataset_sha256": ds_info["dataset_sha256"], "config": cfg, "config_sha256": hashlib.sha256(cfg_json.encode()).hexdigest(),
        "train_items": len(train_items), "val_items": len(val_items),
        "epochs_run": res["epochs_run"], "best_epoch": res["best_epoch"], "stopped_early": res["stopped_early"],
        "initial_val_loss": res["initial_val_loss"], "val_loss_first": hist[0]["val_loss"],
        "val_loss_last": hist[-1]["val_loss"], "best_val_loss": res["best_val_loss"],
        "train_samples_per_sec": round(res["train_samples_per_sec"], 2), "device": str(device),
        "samples": samples, "secs": round(time.monotonic() - t0, 3),
    }
    metrics_path = os.path.join(out_dir, "metrics.json")
    with open(metrics_path, "w") as f:
        json.dump(dict(summary, epochs=hist), f, indent=2, sort_keys=True)
    return dict(summary, metrics=metrics_path)
