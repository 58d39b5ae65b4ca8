"""Dataset validation and loading. Validation runs before any training and reports every
problem at once, each with its file, so a creator can fix the whole upload in one go.

Images: at least MIN_IMAGES decodable JPEG/PNG/WebP files, each at most MAX_IMAGE_BYTES.
The format is what PIL decodes, never the file extension.
Text: `.jsonl` or `.csv` files (text has no magic bytes, so here the extension picks the
parser); each record is {"text": ...} or {"prompt": ..., "completion": ...}.
The web app checks a dataset with the same rules before it is paid for (app/src/lib/dataset.ts).
"""

import csv
import hashlib
import io
import json
import os
import warnings

from PIL import Image

from .errors import WorkerError

MIN_IMAGES = 10
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 5 MB PNG can still decode to a huge bitmap
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
MIN_RECORDS = 10
MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_PROBLEMS = 500  # keep one error event bounded; the count of the rest is reported

IMAGE_CATEGORIES = ("generate", "style")
TEXT_CATEGORIES = ("caption",)


def list_files(root):
    """Regular, non-hidden files under root (or root itself), sorted by relative path."""
    if os.path.isfile(root):
        return [(os.path.basename(root), root)]
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for f in files:
            if not f.startswith("."):
                full = os.path.join(d, f)
                out.append((os.path.relpath(full, root), full))
    return sorted(out)


def dataset_sha256(files):
    """sha256 over lines "<sha256 of file bytes>  <relative path>\\n" in path order
    (the format of `sha256sum`), so it can be recomputed with standard tools."""
    h = hashlib.sha256()
    for rel, full in files:
        with open(full, "rb") as f:
            h.update(f"{hashlib.sha256(f.read()).hexdigest()}  {rel}\n".encode())
    return h.hexdigest()


def open_image(path_or_bytes, name):
    """Decode fully; return (RGB PIL image, None) or (None, problem dict)."""
    def problem(code, message):
        return None, {"file": name, "code": code, "message": message}

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
            im = Image.open(src)
            if im.format not in IMAGE_FORMATS:
                return problem("UNSUPPORTED_FORMAT", f"{im.format} image; allowed: JPEG, PNG, WebP")
            if im.width * im.height > MAX_IMAGE_PIXELS:
                return problem("TOO_MANY_PIXELS", f"{im.width}x{im.height} exceeds {MAX_IMAGE_PIXELS} pixels")
            im.load()  # decodes every pixel: catches truncated and corrupt files
            return im.convert("RGB"), None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        return problem("TOO_MANY_PIXELS", str(e))
    except Exception as e:  # PIL raises many types for garbage input
        return problem("NOT_AN_IMAGE", f"cannot be decoded as an image: {type(e).__name__}: {e}")


def _validate_images(files):
    problems, images = [], []
    for rel, full in files:
        size = os.path.getsize(full)
        if size > MAX_IMAGE_BYTES:
            problems.append({"file": rel, "code": "TOO_LARGE",
                             "message": f"{size} bytes exceeds the {MAX_IMAGE_BYTES}-byte (5 MB) limit"})
            continue
        im, problem = open_image(full, rel)
        if problem:
            problems.append(problem)
        else:
            images.append((rel, im))
    if len(images) < MIN_IMAGES:
        problems.append({"file": None, "code": "TOO_FEW_IMAGES",
                         "message": f"{len(images)} valid images; at least {MIN_IMAGES} are required"})
    return problems, images


def _record(obj):
    """A record's training text, or an error message."""
    if not isinstance(obj, dict):
        return None, "record is not an object"
    if isinstance(obj.get("text"), str) and obj["text"].strip():
        return obj["text"], None
    p, c = obj.get("prompt"), obj.get("completion")
    if isinstance(p, str) and isinstance(c, str) and c.strip():
        return p + "\n" + c, None  # the model learns to continue "prompt\n" with completion
    return None, 'needs a non-empty string "text", or string "prompt" and non-empty "completion"'


def _parse_jsonl(rel, data, problems, records):
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            problems.append({"file": rel, "line": n, "code": "MALFORMED_JSONL", "message": f"invalid JSON: {e}"})
            continue
        text, err = _record(obj)
        if err:
            problems.append({"file": rel, "line": n, "code": "BAD_RECORD", "message": err})
        else:
            records.append(text)


def _parse_csv(rel, data, problems, records):
    rows = csv.reader(io.StringIO(data, newline=""), strict=True)
    try:
        header = next(rows, None)
        if header is None or not ({"text"} <= set(header) or {"prompt", "completion"} <= set(header)):
            problems.append({"file": rel, "line": 1, "code": "MALFORMED_CSV",
                             "message": 'header must name a "text" column, or "prompt" and "completion"'})
            return
        for row in rows:
            n = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append({"file": rel, "line": n, "code": "MALFORMED_CSV",
                                 "message": f"{len(row)} fields, header has {len(header)}"})
                continue
            text, err = _record(dict(zip(header, row)))
            if err:
                problems.append({"file": rel, "line": n, "code": "BAD_RECORD", "message": err})
            else:
                records.append(text)
    except csv.Error as e:
        problems.append({"file": rel, "line": rows.line_num, "code": "MALFORMED_CSV", "message": str(e)})


def _validate_text(files):
    problems, records = [], []
    for rel, full in files:
        ext = os.path.splitext(rel)[1].lower()
        if ext not in (".jsonl", ".csv"):
            problems.append({"file": rel, "code": "UNSUPPORTED_FILE", "message": "text datasets take .jsonl or .csv files"})
            continue
        size = os.path.getsize(full)
        if size > MAX_TEXT_BYTES:
            problems.append({"file": rel, "code": "TOO_LARGE", "message": f"{size} bytes exceeds {MAX_TEXT_BYTES}"})
            continue
        try:
            data = open(full, "rb").read().decode("utf-8-sig")
        except UnicodeDecodeError as e:
            problems.append({"file": rel, "code": "NOT_UTF8", "message": str(e)})
            continue
        (_parse_jsonl if ext == ".jsonl" else _parse_csv)(rel, data, problems, records)
    if len(records) < MIN_RECORDS:
        problems.append({"file": None, "code": "TOO_FEW_RECORDS",
                         "message": f"{len(records)} valid records; at least {MIN_RECORDS} are required"})
    return problems, records


def validate(category, path):
    """Return (kind, items, info) or raise DATASET_INVALID listing every problem.
    items: [(name, RGB PIL image)] for image categories, [str] for text."""
    if category not in IMAGE_CATEGORIES + TEXT_CATEGORIES:
        raise WorkerError("BAD_REQUEST", f"unknown category {category!r}")
    if not isinstance(path, str) or not os.path.exists(path):
        raise WorkerError("DATASET_INVALID", f"dataset not found: {path}",
                          {"problems": [{"file": path, "code": "NOT_FOUND", "message": "no such file or directory"}]})
    files = list_files(path)
    kind = "image" if category in IMAGE_CATEGORIES else "text"
    problems, items = (_validate_images if kind == "image" else _validate_text)(files)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        lines = [f"{p['file'] or '(dataset)'}{':' + str(p['line']) if p.get('line') else ''}: {p['code']}: {p['message']}"
                 for p in shown[:20]]
        more = f" (+{len(problems) - 20} more)" if len(problems) > 20 else ""
        raise WorkerError("DATASET_INVALID", f"{len(problems)} dataset problem(s): " + " | ".join(lines) + more,
                          {"problems": shown, "problem_count": len(problems)})
    info = {"kind": kind, "files": len(files), "items": len(items), "dataset_sha256": dataset_sha256(files)}
    return kind, items, info
