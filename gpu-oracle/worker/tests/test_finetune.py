"""Real LoRA fine-tunes on tiny configs, for each category: the validation loss falls,
the artifacts are written, and inference from the result is deterministic."""

import hashlib
import json
import os
import subprocess
import sys

import pytest
from safetensors.torch import load_file

from conftest import TINY_CONFIG, WORKER_DIR
from modelmint_worker import finetune, infer

CASES = {
    "caption": ("caption-tiny", "text_dataset", {"prompt": "Ahoy", "max_tokens": 40}),
    "generate": ("generate32-tiny", "image_dataset", {"steps": 10}),
    "style": ("generate32-tiny", "image_dataset", None),  # input: a dataset image
}


@pytest.fixture(scope="module")
def trained(base_dir, request, tmp_path_factory):
    """category -> (train result, input) — trained once, used by several tests."""
    out = {}
    for cat, (base, ds_fixture, inp) in CASES.items():
        ds = request.getfixturevalue(ds_fixture)
        res = finetune.handle({"category": cat, "base": base, "dataset": ds, "config": TINY_CONFIG,
                               "out_dir": str(tmp_path_factory.mktemp(f"train-{cat}")), "seed": 1})
        if inp is None:
            inp = {"image": os.path.join(ds, sorted(os.listdir(ds))[0]), "strength": 0.5, "steps": 10}
        out[cat] = (res, inp)
    return out


@pytest.mark.parametrize("cat", list(CASES))
def test_validation_loss_falls_and_artifacts_exist(trained, cat):
    res, _ = trained[cat]
    metrics = json.load(open(res["metrics"]))
    losses = [e["val_loss"] for e in metrics["epochs"]]
    assert len(losses) == TINY_CONFIG["epochs"]
    assert losses[-1] < losses[0], losses
    assert res["best_val_loss"] < res["initial_val_loss"]  # the adapter beats the bare base
    assert all(e["train_loss"] > 0 for e in metrics["epochs"])
    # The weights hash is sha256 of the adapter file bytes.
    data = open(res["adapter"], "rb").read()
    assert res["weights_sha256"] == hashlib.sha256(data).hexdigest()
    tensors = load_file(res["adapter"])  # readable by the reference safetensors library
    assert tensors and all(k.rsplit(".", 1)[-1].startswith("lora_") for k in tensors)
    assert len(res["samples"]) == finetune.SAMPLES and all(os.path.getsize(p) > 0 for p in res["samples"])


@pytest.mark.parametrize("cat", list(CASES))
def test_inference_is_deterministic(trained, cat, tmp_path):
    res, inp = trained[cat]
    req = {"category": cat, "base": CASES[cat][0], "adapter": res["adapter"], "adapter_sha256": res["weights_sha256"],
           "input": inp, "seed": 42}
    a = infer.handle(dict(req, out_dir=str(tmp_path / "a")))
    b = infer.handle(dict(req, out_dir=str(tmp_path / "b")))
    assert a["output_sha256"] == b["output_sha256"]
    assert open(a["output"], "rb").read() == open(b["output"], "rb").read()
    assert a["weights_sha256"] == res["weights_sha256"]
    c = infer.handle(dict(req, seed=43, out_dir=str(tmp_path / "c")))
    if cat != "caption" or inp.get("temperature", 0.8) > 0:
        assert c["output_sha256"] != a["output_sha256"], "the seed must matter"


def test_inference_matches_in_a_fresh_process(trained, tmp_path):
    """Anyone recomputing a result in another process gets the same bytes."""
    res, inp = trained["generate"]
    req = {"category": "generate", "base": "generate32-tiny", "adapter": res["adapter"], "input": inp, "seed": 9,
           "out_dir": str(tmp_path / "here")}
    here = infer.handle(req)
    code = ("import json,sys; from modelmint_worker import infer; "
            "print(json.dumps(infer.handle(json.loads(sys.argv[1]))))")
    req2 = dict(req, out_dir=str(tmp_path / "there"))
    out = subprocess.run([sys.executable, "-c", code, json.dumps(req2)], cwd=WORKER_DIR, check=True,
                         capture_output=True, text=True, env=dict(os.environ))
    assert json.loads(out.stdout)["output_sha256"] == here["output_sha256"]


def test_adapter_changes_the_output(trained, tmp_path):
    res, inp = trained["generate"]
    req = {"category": "generate", "base": "generate32-tiny", "input": inp, "seed": 3}
    tuned = infer.handle(dict(req, adapter=res["adapter"], out_dir=str(tmp_path / "t")))
    bare = infer.handle(dict(req, out_dir=str(tmp_path / "b")))
    assert tuned["output_sha256"] != bare["output_sha256"]
    assert bare["weights_sha256"] is None


def test_png_output_is_a_valid_image(trained, tmp_path):
    from PIL import Image

    res, inp = trained["style"]
    out = infer.handle({"category": "style", "base": "generate32-tiny", "adapter": res["adapter"], "input": inp,
                        "seed": 1, "out_dir": str(tmp_path)})
    im = Image.open(out["output"])
    assert (im.format, im.size, im.mode) == ("PNG", (32, 32), "RGB")
    assert out["media_type"] == "image/png"


def test_training_is_reproducible(trained, text_dataset, tmp_path):
    """Same data, config and seed on the same machine: the same adapter bytes (weights hash)."""
    res, _ = trained["caption"]
    again = finetune.handle({"category": "caption", "base": "caption-tiny", "dataset": text_dataset,
                             "config": TINY_CONFIG, "out_dir": str(tmp_path), "seed": 1})
    assert again["weights_sha256"] == res["weights_sha256"]
    other = finetune.handle({"category": "caption", "base": "caption-tiny", "dataset": text_dataset,
                             "config": TINY_CONFIG, "out_dir": str(tmp_path / "s2"), "seed": 2})
    assert other["weights_sha256"] != res["weights_sha256"]


def test_early_stopping_keeps_the_best_epoch(base_dir, text_dataset, tmp_path):
    # A learning rate this high makes the validation loss go up after the first epochs.
    cfg = {"epochs": 12, "batchSize": 4, "learningRate": 0.5, "earlyStoppingPatience": 2}
    res = finetune.handle({"category": "caption", "base": "caption-tiny", "dataset": text_dataset, "config": cfg,
                           "out_dir": str(tmp_path), "seed": 1})
    epochs = json.load(open(res["metrics"]))["epochs"]
    assert res["stopped_early"] and len(epochs) < 12
    assert res["epochs_run"] - res["best_epoch"] == 2  # stopped after `patience` epochs without a better loss
    assert res["best_val_loss"] == min([res["initial_val_loss"]] + [e["val_loss"] for e in epochs])


def test_bad_inference_inputs_and_foreign_adapters_are_refused(trained, tmp_path):
    from modelmint_worker.errors import WorkerError

    (tmp_path / "fake.png").write_text("not an image")
    gen_adapter, caption_adapter = trained["generate"][0]["adapter"], trained["caption"][0]["adapter"]
    cases = [
        ({"category": "style", "base": "generate32-tiny", "input": {"image": str(tmp_path / "fake.png")}}, "INPUT_INVALID"),
        ({"category": "generate", "base": "generate32-tiny", "input": {"steps": 0}}, "INPUT_INVALID"),
        ({"category": "caption", "base": "caption-tiny", "input": {}, "seed": -1}, "INPUT_INVALID"),
        ({"category": "generate", "base": "generate32-tiny", "adapter": caption_adapter}, "WEIGHTS_INVALID"),
        ({"category": "generate", "base": "generate32-tiny", "adapter": str(tmp_path / "fake.png")}, "WEIGHTS_INVALID"),
        ({"category": "caption", "base": "generate32-tiny"}, "BAD_REQUEST"),
        ({"category": "generate", "base": "generate32-tiny", "adapter": gen_adapter, "adapter_sha256": "ab" * 32},
         "WEIGHTS_HASH_MISMATCH"),
    ]
    for req, code in cases:
        with pytest.raises(WorkerError) as e:
            infer.handle(dict(req, out_dir=str(tmp_path / "o")))
        assert e.value.code == code, (req, e.value.message)
