"""Training config: defaults, presets and one clear error listing every bad field."""

import pytest

from modelmint_worker import config
from modelmint_worker.errors import WorkerError


def test_defaults_are_the_standard_preset():
    cfg = config.resolve({})
    assert cfg["learningRate"] == 0.001 and cfg["epochs"] == 50
    assert cfg["batchSize"] in (4, 8, 16, 32) and 0.1 <= cfg["validationSplit"] <= 0.3
    assert cfg["preset"] == "standard"


@pytest.mark.parametrize("name", ["Beginner", "Standard", "Expert"])
def test_presets_are_valid_and_overridable(name):
    cfg = config.resolve({"preset": name, "batchSize": 32})
    assert cfg["preset"] == name.lower() and cfg["batchSize"] == 32
    assert cfg["epochs"] == config.PRESETS[name.lower()]["epochs"]


def test_every_invalid_field_reported_at_once():
    with pytest.raises(WorkerError) as e:
        config.resolve({"learningRate": -1, "epochs": 0, "batchSize": 12, "validationSplit": 0.5,
                        "preset": "Wizard", "lerningRate": 0.1})
    assert e.value.code == "CONFIG_INVALID"
    fields = {p["field"] for p in e.value.details["problems"]}
    assert fields == {"learningRate", "epochs", "batchSize", "validationSplit", "preset", "lerningRate"}
    assert "batchSize" in e.value.message and "[4, 8, 16, 32]" in e.value.message


def test_bounds_are_inclusive():
    assert config.resolve({"validationSplit": 0.1})["validationSplit"] == 0.1
    assert config.resolve({"validationSplit": 0.3})["validationSplit"] == 0.3
    with pytest.raises(WorkerError):
        config.resolve({"batchSize": True})  # JSON true is not 1
