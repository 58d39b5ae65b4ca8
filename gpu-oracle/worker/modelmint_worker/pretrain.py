"""Pretrain base models from generated data: `python -m modelmint_worker.pretrain`.

Deterministic for a seed on a given machine and torch build: the data generators and the
training loop are seeded and the base file is written byte-deterministically. Writes
<out>/<base>.safetensors and prints one JSON line per base (id, sha256, losses, secs).
"""

import argparse
import json
import os
import sys
import time


from . import bases, device as devmod, st_io, tasks
from .data import corpus, shapes
from .fit import fit


def pretrain(base_id, out_dir=None, seed=0, progress=None, cancelled=None, dev="auto"):
    spec = bases.BASES[base_id]
    out_dir = out_dir or bases.base_dir()
    os.makedirs(out_dir, exist_ok=True)
    devmod.seed_all(seed)
    device = devmod.pick(dev)
    model = bases.build(spec["kind"], spec["arch"]).to(device)
    task = tasks.for_kind(spec["kind"], model, device)
    p = spec["pretrain"]
    if spec["kind"] == "text":
        items = corpus.corpus(p["items"], seed=seed, sentences=p.get("sentences", 1))
    else:
        items = [img for img, _ in shapes.dataset(p["items"], n=spec["arch"]["image_size"], seed=seed)]
    n_val = max(1, len(items) // 10)
    train, val = task.prepare(items[n_val:]), task.prepare(items[:n_val])
    t0 = time.monotonic()
    res = fit(model, list(model.parameters()), task, train, val, epochs=p["epochs"], batch_size=p["batch"],
              lr=p["lr"], patience=p["epochs"], seed=seed, progress=progress, cancelled=cancelled,
              snapshot=lambda: {k: v.detach().cpu().clone() for k, v in model.state_dict().items()})
    path = os.path.join(out_dir, f"{base_id}.safetensors")
    sha = st_io.save(path, res["best_state"], bases.metadata(base_id, spec))
    return {"base": base_id, "path": path, "sha256": sha, "initial_val_loss": res["initial_val_loss"],
            "val_loss": res["best_val_loss"], "epochs": res["epochs_run"], "secs": round(time.monotonic() - t0, 2),
            "params": sum(t.numel() for t in res["best_state"].values())}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=None, help="output directory (default: the base cache dir)")
    ap.add_argument("--base", action="append", choices=sorted(bases.BASES), help="base id (repeatable)")
    ap.add_argument("--size", choices=["tiny", "small"], help="all bases of this size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--force", action="store_true", help="retrain even if the file exists")
    a = ap.parse_args(argv)
    devmod.configure_threads()
    ids = a.base or [b for b in bases.BASES if b.endswith("-" + (a.size or "tiny"))]
    out = a.out or bases.base_dir()
    for b in ids:
        path = os.path.join(out, f"{b}.safetensors")
        if os.path.exists(path) and not a.force:
            print(json.dumps({"base": b, "path": path, "sha256": st_io.sha256_file(path), "cached": True}))
            continue

        def log(ev, b=b):
            print(f"pretrain {b}: epoch {ev['epoch']}/{ev['epochs']} step {ev['step']} "
                  f"train {ev['train_loss']:.4f} val {ev['val_loss']} eta {ev['eta_secs']}s", file=sys.stderr)

        print(json.dumps(pretrain(b, out, a.seed, progress=log, dev=a.device)), flush=True)


if __name__ == "__main__":
    main()
