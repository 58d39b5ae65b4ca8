"""Benchmark (not a test): `python -m modelmint_worker.bench_optimize [--runs N]`.

Fine-tunes the tiny caption and generate bases briefly on the demo datasets, then runs
every optimization method on each adapter N times and prints one JSON object: per
category and method the medians of size, validation loss and inference time before and
after (`npm run bench:optimize` runs it with the worker's interpreter).
"""

import argparse
import json
import os
import statistics
import tempfile

from . import device as devmod, finetune, optimize, optimized, pretrain
from .data import demo

CASES = {"caption": ("caption-tiny", demo.write_text), "generate": ("generate32-tiny", demo.write_images)}
KEYS = ("size_bytes_before", "size_bytes_after", "val_loss_before", "val_loss_after", "infer_ms_before", "infer_ms_after")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    devmod.configure_threads()
    tmp = tempfile.mkdtemp(prefix="modelmint-bench-opt-")
    os.environ["MODELMINT_BASE_DIR"] = os.path.join(tmp, "base")
    out = {"runs": a.runs, "threads": os.environ.get("MODELMINT_THREADS", "default")}
    for cat, (base, write) in CASES.items():
        pretrain.pretrain(base, os.environ["MODELMINT_BASE_DIR"], seed=0)
        ds = write(os.path.join(tmp, f"data-{cat}"))
        res = finetune.handle({"category": cat, "base": base, "dataset": ds, "out_dir": os.path.join(tmp, f"ft-{cat}"),
                               "config": {"epochs": 3, "batchSize": 4, "learningRate": 0.003}, "seed": 1})
        for method in optimized.METHODS:
            rows = []
            for i in range(a.runs):
                rows.append(optimize.handle({"category": cat, "base": base, "adapter": res["adapter"], "dataset": ds,
                                             "method": method, "out_dir": os.path.join(tmp, f"{cat}-{method}-{i}")}))
            out[f"{cat}/{method}"] = {k: round(statistics.median(r[k] for r in rows), 4) for k in KEYS}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
