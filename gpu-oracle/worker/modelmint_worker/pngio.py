"""Byte-deterministic PNG encoder for inference outputs.

Why not PIL's PNG writer: it compresses with the system zlib, whose output may differ
between zlib versions (or zlib-ng), which would change the result hash of the same pixels
on another machine. This writer uses *stored* (uncompressed) deflate blocks, whose bytes
are fixed by the format, and writes only IHDR/IDAT/IEND (no time or text chunks). Outputs
are at most 64x64 RGB (12 KiB raw), so not compressing costs nothing that matters.
"""

import struct
import zlib

import numpy as np

_SIG = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    # crc32 is a fixed function, identical in every zlib implementation.
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _stored_deflate(raw):
    out = bytearray(b"\x78\x01")  # zlib header: deflate, 32K window, no dictionary
    step = 65535
    for i in range(0, max(len(raw), 1), step):
        block = raw[i : i + step]
        final = 1 if i + step >= len(raw) else 0
        out += bytes([final]) + struct.pack("<HH", len(block), len(block) ^ 0xFFFF) + block
    out += struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    return bytes(out)


def encode_rgb(pixels):
    """pixels: uint8 array of shape (H, W, 3). Returns the PNG file bytes."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w, c = pixels.shape
    assert c == 3, pixels.shape
    # Filter type 0 (none) on every row, so the bytes depend on the pixels alone.
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return _SIG + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", _stored_deflate(raw)) + _chunk(b"IEND", b"")
