"""Optimization of a fine-tuned version on the CPU: int8, fp16, magnitude pruning and ONNX
export. The size falls (except ONNX, an fp32 graph), the validation loss stays within the
bounds below, the optimized file serves deterministic inference, and the ONNX file runs
in onnxruntime and matches PyTorch."""

import hashlib
import json
import os

import numpy as np
import onnxruntime
import pytest
import torch

from conftest import TINY_CONFIG
from modelmint_worker import adapter, finetune, infer, lora, optimize, optimized
from modelmint_worker.errors import WorkerError

# Relative increase of the validation loss allowed per method (sizes: see test_size_falls).
LOSS_BOUND = {"int8": 0.02, "fp16": 0.005, "prune": 0.25, "onnx": 0.001}
SPARSITY = 0.5
ONNX_TOLERANCE = 1e-4  # largest absolute difference from PyTorch on the same input
CASES = {"caption": ("caption-tiny", "text_dataset", {"prompt": "Ahoy", "max_tokens": 24}),
         "generate": ("generate32-tiny", "image_dataset", {"steps": 6})}


@pytest.fixture(scope="module")
def sources(base_dir, request, tmp_path_factory):
    """category -> (adapter path, dataset) of a short fine-tune."""
    out = {}
    for cat, (base, ds_fixture, _) in CASES.items():
        ds = request.getfixturevalue(ds_fixture)
        res = finetune.handle({"category": cat, "base": base, "dataset": ds, "out_dir": str(tmp_path_factory.mktemp(cat)),
                               "config": dict(TINY_CONFIG, epochs=2), "seed": 1})
        out[cat] = (res["adapter"], ds)
    return out


@pytest.fixture(scope="module")
def results(sources, tmp_path_factory):
    """(category, method) -> optimize result."""
    out = {}
    for cat, (path, ds) in sources.items():
        for method in optimized.METHODS:
            req = {"category": cat, "base": CASES[cat][0], "adapter": path, "dataset": ds, "method": method,
                   "out_dir": str(tmp_path_factory.mktemp(f"{cat}-{method}"))}
            if method == "prune":
                req["sparsity"] = SPARSITY
            out[cat, method] = optimize.handle(req)
    return out


ALL = [(c, m) for c in CASES for m in optimized.METHODS]


@pytest.mark.parametrize("cat,method", ALL)
def test_metrics_report_before_and_after(results, cat, method):
    r = results[cat, method]
    metrics = json.load(open(r["metrics"]))
    for key in ("size_bytes", "val_loss", "infer_ms"):
        assert metrics[f"{key}_before"] > 0 and metrics[f"{key}_after"] > 0, key
    assert metrics["method"] == method and "weights" not in metrics  # no local paths pinned
    assert r["weights_sha256"] == hashlib.sha256(open(r["weights"], "rb").read()).hexdigest()
    assert r["size_bytes_after"] == os.path.getsize(r["weights"])


@pytest.mark.parametrize("cat,method", ALL)
def test_validation_loss_within_bound(results, cat, method):
    r = results[cat, method]
    assert r["val_loss_after"] <= r["val_loss_before"] * (1 + LOSS_BOUND[method]), (r["val_loss_before"], r["val_loss_after"])


@pytest.mark.parametrize("cat", list(CASES))
def test_size_falls(results, cat):
    size = {m: results[cat, m]["size_bytes_after"] for m in optimized.METHODS}
    before = results[cat, "int8"]["size_bytes_before"]
    assert size["fp16"] < 0.55 * before
    assert size["int8"] < 0.35 * before
    # Kept values + a 1-bit mask; embeddings, norms, biases and the input/output layers stay dense.
    assert size["prune"] < 0.75 * before
    assert size["onnx"] < 1.2 * before  # not smaller: the same fp32 weights, portable


@pytest.mark.parametrize("cat", list(CASES))
def test_onnx_runs_in_onnxruntime_and_matches_pytorch(sources, results, cat):
    r = results[cat, "onnx"]
    assert r["onnx_max_abs_diff"] < ONNX_TOLERANCE
    sess = onnxruntime.InferenceSession(r["weights"], providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    assert meta["modelmint.method"] == "onnx" and meta["modelmint.base_id"] == CASES[cat][0]
    path, _ = sources[cat]
    torch_model, _, _ = adapter.load_model(cat, CASES[cat][0], path, None, "cpu")
    g = torch.Generator().manual_seed(3)
    with torch.no_grad():
        if cat == "caption":
            tokens = torch.randint(0, 256, (3, 20), generator=g)
            want = torch_model(tokens).numpy()
            got = sess.run(None, {"tokens": tokens.numpy()})[0]
        else:
            x, t = torch.randn((3, 3, 32, 32), generator=g), torch.tensor([1, 300, 999])
            want = torch_model(x, t).numpy()
            got = sess.run(None, {"x": x.numpy(), "t": t.numpy()})[0]
    assert got.shape == want.shape
    assert np.abs(got - want).max() < ONNX_TOLERANCE


@pytest.mark.parametrize("cat,method", ALL)
def test_optimized_version_serves_deterministic_inference(results, cat, method, tmp_path):
    r = results[cat, method]
    req = {"category": cat, "weights": r["weights"], "weights_sha256": r["weights_sha256"], "input": CASES[cat][2],
           "seed": 5}
    a = infer.handle(dict(req, out_dir=str(tmp_path / "a")))
    optimized._cache.clear()  # the second run loads the file afresh
    b = infer.handle(dict(req, out_dir=str(tmp_path / "b")))
    assert a["output_sha256"] == b["output_sha256"] and a["bytes"] > 0
    assert a["weights_sha256"] == r["weights_sha256"]


def test_pruning_zeroes_the_smallest_weights(results):
    tensors, _ = optimized.st_io.load(results["caption", "prune"]["weights"])
    masks = [k for k in tensors if k.endswith(".mask")]
    assert masks
    for k in masks:
        kept = tensors[k.replace(".mask", ".kept")]
        total = int(np.unpackbits(tensors[k].numpy()).size)
        assert kept.numel() <= (1 - SPARSITY) * total + 8


def test_merge_equals_the_adapter_model(sources):
    path, _ = sources["generate"]
    model, _, _ = adapter.load_model("generate", "generate32-tiny", path, None, "cpu")
    import copy

    merged = lora.merge(copy.deepcopy(model))
    x, t = torch.randn((2, 3, 32, 32), generator=torch.Generator().manual_seed(1)), torch.tensor([5, 700])
    with torch.no_grad():
        assert torch.allclose(model(x, t), merged(x, t), atol=1e-5)
    assert not any(n.endswith(("lora_up", "lora_down")) for n, _ in merged.named_parameters())


def test_optimizing_a_pruned_version_again(results, sources, tmp_path):
    _, ds = sources["caption"]
    r = optimize.handle({"category": "caption", "weights": results["caption", "prune"]["weights"], "dataset": ds,
                         "method": "int8", "out_dir": str(tmp_path)})
    assert r["source_sha256"] == results["caption", "prune"]["weights_sha256"]
    assert r["size_bytes_after"] < r["size_bytes_before"]


@pytest.mark.parametrize("req,code", [
    ({"method": "int4"}, "CONFIG_INVALID"),
    ({"method": "prune", "sparsity": 1.0}, "CONFIG_INVALID"),
    ({"method": "fp16", "sparsity": 0.5}, "CONFIG_INVALID"),
    ({"method": "int8", "category": "generate"}, "BAD_REQUEST"),  # a caption adapter for images
    ({"method": "int8", "dataset_of": "generate"}, "DATASET_INVALID"),  # images to validate a caption model
])
def test_bad_requests_are_refused(sources, tmp_path, req, code):
    path, _ = sources["caption"]
    req = dict(req)
    ds = sources[req.pop("dataset_of", req.get("category", "caption"))][1]
    full = dict({"category": "caption", "base": "caption-tiny", "adapter": path, "dataset": ds, "out_dir": str(tmp_path)}, **req)
    with pytest.raises(WorkerError) as e:
        optimize.handle(full)
    assert e.value.code == code


def test_an_onnx_version_cannot_be_optimized_again(results, sources, tmp_path):
    _, ds = sources["caption"]
    with pytest.raises(WorkerError) as e:
        optimize.handle({"category": "caption", "weights": results["caption", "onnx"]["weights"], "dataset": ds,
                         "method": "int8", "out_dir": str(tmp_path)})
    assert e.value.code == "WEIGHTS_INVALID"


def test_an_optimized_model_refuses_another_category(results, tmp_path):
    with pytest.raises(WorkerError) as e:
        infer.handle({"category": "generate", "weights": results["caption", "int8"]["weights"], "out_dir": str(tmp_path)})
    assert e.value.code == "WEIGHTS_INVALID"
