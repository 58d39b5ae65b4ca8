"""LoRA layers: a fresh adapter changes nothing, only adapter weights train, and the
adapter tensors round-trip into a new copy of the base model."""

import copy

import torch

from modelmint_worker import adapter, lora
from modelmint_worker.models import diffusion, text_lm


def test_fresh_adapter_is_identity_and_only_lora_trains():
    torch.manual_seed(0)
    base = diffusion.UNet(32, 16, (1, 2)).eval()
    model = copy.deepcopy(base)
    wrapped = adapter.attach(model, "image", 4, 4.0)
    assert any(n.endswith("c1") for n in wrapped) and any(n.endswith("qkv") for n in wrapped)
    x, t = torch.randn(2, 3, 32, 32), torch.tensor([10, 500])
    with torch.no_grad():
        assert torch.allclose(base(x, t), model.eval()(x, t), atol=1e-6)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all(n.rsplit(".", 1)[-1].startswith("lora_") for n in trainable)


def test_adapter_round_trip_reproduces_outputs():
    torch.manual_seed(0)
    base = text_lm.TextLM(32, 1, 2, 16).eval()
    tuned = copy.deepcopy(base)
    adapter.attach(tuned, "text", 2, 2.0)
    with torch.no_grad():
        for p in lora.trainable(tuned):
            p.normal_()  # pretend training moved the adapter
    fresh = copy.deepcopy(base)
    adapter.attach(fresh, "text", 2, 2.0)
    lora.load(fresh, lora.state_dict(tuned))
    idx = torch.tensor([text_lm.encode("hello")])
    with torch.no_grad():
        assert torch.equal(tuned.eval()(idx), fresh.eval()(idx))
        assert not torch.allclose(tuned(idx), base(idx))
