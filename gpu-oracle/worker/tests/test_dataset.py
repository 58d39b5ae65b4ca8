"""Dataset validation: every problem of an upload is reported at once, with its file."""

import json
import os

import numpy as np
import pytest
from PIL import Image

from conftest import write_image_dataset
from modelmint_worker import dataset
from modelmint_worker.errors import WorkerError


def problems_of(category, path):
    with pytest.raises(WorkerError) as e:
        dataset.validate(category, path)
    assert e.value.code == "DATASET_INVALID"
    assert e.value.to_json()["reason_code"] == 3
    return {(p["file"], p["code"]) for p in e.value.details["problems"]}, e.value


def test_all_image_problems_reported_at_once(tmp_path):
    d = tmp_path / "ds"
    d.mkdir()
    ok = np.full((40, 40, 3), 200, np.uint8)
    Image.fromarray(ok).save(d / "good1.png")
    Image.fromarray(ok).save(d / "good2.jpg", "JPEG")
    Image.fromarray(ok).save(d / "really_jpeg.png", "JPEG")  # judged by content: valid
    # > 5 MB yet a real PNG: random noise does not compress.
    noise = np.random.default_rng(0).integers(0, 256, (1400, 1400, 3), dtype=np.uint8)
    Image.fromarray(noise).save(d / "huge.png")
    assert os.path.getsize(d / "huge.png") > 5 * 1024 * 1024
    (d / "notes.png").write_text("this is not an image")
    Image.fromarray(ok).save(d / "anim.gif", "GIF")
    full = (d / "good1.png").read_bytes()
    (d / "truncated.png").write_bytes(full[: len(full) // 2])

    found, err = problems_of("generate", str(d))
    assert found == {
        ("huge.png", "TOO_LARGE"),
        ("notes.png", "NOT_AN_IMAGE"),
        ("anim.gif", "UNSUPPORTED_FORMAT"),
        ("truncated.png", "NOT_AN_IMAGE"),
        (None, "TOO_FEW_IMAGES"),  # 3 valid < 10
    }
    for name in ("huge.png", "notes.png", "anim.gif", "truncated.png"):
        assert name in err.message  # the one-line message names every file too


def test_valid_image_dataset(tmp_path):
    d = write_image_dataset(str(tmp_path / "ok"), n=10)
    kind, items, info = dataset.validate("style", d)
    assert (kind, len(items), info["files"]) == ("image", 10, 10)
    assert len(info["dataset_sha256"]) == 64
    assert all(im.mode == "RGB" for _, im in items)


def test_all_text_problems_reported_at_once(tmp_path):
    d = tmp_path / "txt"
    d.mkdir()
    lines = [json.dumps({"text": f"line {i}"}) for i in range(12)]
    lines[3] = "{not json"
    lines[7] = json.dumps({"title": "no text field"})
    (d / "a.jsonl").write_text("\n".join(lines) + "\n")
    (d / "b.csv").write_text('text,label\n"hello",1\n"too","many","fields"\n"ok",2\n')
    (d / "c.csv").write_text("wrong,header\n1,2\n")
    (d / "d.txt").write_text("plain text is not accepted")
    (d / "e.jsonl").write_bytes(b'{"text": "\xff\xfe bad utf8"}\n')

    found, err = problems_of("caption", str(d))
    assert found == {
        ("a.jsonl", "MALFORMED_JSONL"),
        ("a.jsonl", "BAD_RECORD"),
        ("b.csv", "MALFORMED_CSV"),
        ("c.csv", "MALFORMED_CSV"),
        ("d.txt", "UNSUPPORTED_FILE"),
        ("e.jsonl", "NOT_UTF8"),
    }
    lines_reported = {(p["file"], p.get("line")) for p in err.details["problems"]}
    assert ("a.jsonl", 4) in lines_reported and ("a.jsonl", 8) in lines_reported and ("b.csv", 3) in lines_reported


def test_too_few_records_and_prompt_completion_csv(tmp_path):
    d = tmp_path / "few"
    d.mkdir()
    (d / "p.csv").write_text("prompt,completion\n" + "".join(f"q{i},a{i}\n" for i in range(5)))
    found, _ = problems_of("caption", str(d))
    assert found == {(None, "TOO_FEW_RECORDS")}
    (d / "p.csv").write_text("prompt,completion\n" + "".join(f"q{i},a{i}\n" for i in range(12)))
    kind, records, _ = dataset.validate("caption", str(d))
    assert kind == "text" and records[0] == "q0\na0"


def test_missing_dataset(tmp_path):
    found, _ = problems_of("caption", str(tmp_path / "nope"))
    assert found == {(str(tmp_path / "nope"), "NOT_FOUND")}
