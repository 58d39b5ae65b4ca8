"""Shared fixtures: tiny base models pretrained once per session into a temp dir, and
the demo fine-tune datasets (they differ clearly from the pretraining data, so a working
fine-tune must lower the validation loss)."""

import os
import sys

import pytest

WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, WORKER_DIR)

from modelmint_worker.data.demo import write_images as write_image_dataset  # noqa: E402
from modelmint_worker.data.demo import write_text as write_text_dataset  # noqa: E402

# Fine-tune settings small enough for 2 busy cores, large enough for the loss to move.
TINY_CONFIG = {"epochs": 4, "batchSize": 4, "learningRate": 0.003, "earlyStoppingPatience": 4}


@pytest.fixture(scope="session")
def base_dir(tmp_path_factory):
    from modelmint_worker import pretrain

    d = str(tmp_path_factory.mktemp("bases"))
    os.environ["MODELMINT_BASE_DIR"] = d  # read by bases.base_dir() and by spawned workers
    for b in ("caption-tiny", "generate32-tiny"):
        pretrain.pretrain(b, d, seed=0)
    return d


@pytest.fixture(scope="session")
def text_dataset(tmp_path_factory):
    return write_text_dataset(str(tmp_path_factory.mktemp("text")))


@pytest.fixture(scope="session")
def image_dataset(tmp_path_factory):
    return write_image_dataset(str(tmp_path_factory.mktemp("images")))
