"""Benchmark (not a test): `python -m modelmint_worker.bench [--size tiny|small]`.

Pretrains the bases of the given size into a temp dir (or uses --base-dir), fine-tunes
each category on the demo datasets and times inference. Prints one JSON object:
per category train samples/sec, validation loss first/last, inference milliseconds.
"""

import argparse
import json
import os
import platform
import tempfile
import time

import torch

from . import bases, device as devmod, finetune, infer, pretrain
from .data import demo


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", choices=["tiny", "small"], default="tiny")
    ap.add_argument("--base-dir", help="use (and fill) this base dir instead of a temp one")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    a = ap.parse_args()
    devmod.configure_threads()
    tmp = tempfile.mkdtemp(prefix="modelmint-bench-")
    os.environ["MODELMINT_BASE_DIR"] = a.base_dir or os.path.join(tmp, "base")
    text_base, image_base = f"caption-{a.size}", f"generate32-{a.size}"
    report = {"torch": torch.__version__, "device": str(devmod.pick(a.device)), "threads": torch.get_num_threads(),
              "cpu": platform.processor() or platform.machine(), "size": a.size, "pretrain": {}, "categories": {}}
    for b in (text_base, image_base):
        if not os.path.exists(os.path.join(bases.base_dir(), f"{b}.safetensors")):
            r = pretrain.pretrain(b, bases.base_dir(), dev=a.device)
            report["pretrain"][b] = {"secs": r["secs"], "val_loss": r["val_loss"], "params": r["params"]}
    text_ds, image_ds = demo.write_text(os.path.join(tmp, "text")), demo.write_images(os.path.join(tmp, "images"))
    cfg = {"epochs": a.epochs, "batchSize": 4, "learningRate": 0.003, "earlyStoppingPatience": a.epochs}
    for cat, base, ds, inp in (("caption", text_base, text_ds, {"prompt": "Ahoy", "max_tokens": 64}),
                               ("generate", image_base, image_ds, {"steps": 25}),
                               ("style", image_base, image_ds, {"image": os.path.join(image_ds, "img00.png")})):
        out = os.path.join(tmp, cat)
        r = finetune.handle({"category": cat, "base": base, "dataset": ds, "config": cfg, "out_dir": out,
                             "device": a.device})
        t0 = time.monotonic()
        infer.handle({"category": cat, "base": base, "adapter": r["adapter"], "input": inp, "seed": 0,
                      "out_dir": os.path.join(out, "infer"), "device": a.device})
        first_ms = (time.monotonic() - t0) * 1000  # includes loading the adapter
        t0 = time.monotonic()
        infer.handle({"category": cat, "base": base, "adapter": r["adapter"], "input": inp, "seed": 1,
                      "out_dir": os.path.join(out, "infer"), "device": a.device})
        report["categories"][cat] = {
            "train_samples_per_sec": r["train_samples_per_sec"], "val_loss_first": round(r["val_loss_first"], 4),
            "val_loss_last": round(r["val_loss_last"], 4), "initial_val_loss": round(r["initial_val_loss"], 4),
            "epochs_run": r["epochs_run"], "train_secs": r["secs"], "infer_ms_first": round(first_ms, 1),
            "infer_ms_warm": round((time.monotonic() - t0) * 1000, 1)}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
