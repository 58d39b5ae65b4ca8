"""Base-model pretraining is deterministic: the same seed gives the same file bytes."""

import os

from modelmint_worker import pretrain, st_io


def test_pretrain_is_reproducible(base_dir, tmp_path):
    res = pretrain.pretrain("caption-tiny", str(tmp_path), seed=0)
    assert res["val_loss"] < res["initial_val_loss"]
    assert res["sha256"] == st_io.sha256_file(os.path.join(base_dir, "caption-tiny.safetensors"))
