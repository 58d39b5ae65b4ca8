"""Text corpus for pretraining the caption language model.

Scene captions from the shape generator mixed with templated sentences, so the byte
model learns spelling, spaces and punctuation of plain English before a LoRA fine-tune
moves it to a creator's texts. Deterministic for a seed.
"""

import numpy as np

from .shapes import COLORS, SHAPES, render

_SUBJECTS = ["the model", "this picture", "the artist", "a small robot", "the old lighthouse", "my cat",
             "the city at night", "a quiet forest", "the market", "the river", "a paper boat", "the garden"]
_VERBS = ["shows", "holds", "paints", "watches", "finds", "follows", "remembers", "draws", "hides", "carries"]
_OBJECTS = ["a bright {c} {s}", "the {c} sky", "two {c} birds", "a {c} door", "the last {c} leaf",
            "a {c} umbrella", "an open book", "a warm cup of tea", "the morning light", "a long shadow"]
_ENDINGS = [".", ".", ".", "!", " today.", " again.", " in the rain.", " before sunset."]


def sentence(rng):
    obj = str(rng.choice(_OBJECTS)).format(c=rng.choice(list(COLORS)), s=rng.choice(SHAPES))
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {obj}{rng.choice(_ENDINGS)}"
    return text[0].upper() + text[1:]


def corpus(count, seed=0, sentences=1):
    """`count` items of `sentences` sentences each (longer items fill a longer context
    instead of padding it)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count * sentences):
        if i % 2:
            s = sentence(rng)
        else:
            cap = render(rng, 8)[1]  # tiny render: only the caption is used
            s = cap[0].upper() + cap[1:] + "."
        if i % sentences:
            out[-1] += " " + s
        else:
            out.append(s)
    return out
