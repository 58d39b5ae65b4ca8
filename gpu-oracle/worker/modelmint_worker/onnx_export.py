"""ONNX export of a merged model and an onnxruntime runner that stands in for it.

The graph takes what the torch model's forward takes: `tokens` (batch, seq) int64 ->
`logits` for text; `x` (batch, 3, S, S) float32 and `t` (batch,) int64 -> `eps` for
images, with batch and sequence dynamic. The sampling loops (text_lm.generate,
diffusion.ddim) stay in Python and call the runner like the torch model, so a version
exported to ONNX serves the same requests.
"""

import json
import os

import numpy as np
import torch

from .errors import WorkerError

OPSET = 14  # torch 1.13 exports 14 reliably; onnxruntime runs it everywhere


def export(model, kind, arch, path, meta):
    """Write model.onnx with `meta` as metadata_props; returns the path."""
    import onnx  # from PyPI (scripts/setup-python)

    model = model.eval().to("cpu")
    if kind == "text":
        args, names, outputs = (torch.zeros((1, 8), dtype=torch.long),), ["tokens"], ["logits"]
        axes = {"tokens": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    else:
        s = arch["image_size"]
        args = (torch.zeros((1, 3, s, s)), torch.zeros((1,), dtype=torch.long))
        names, outputs = ["x", "t"], ["eps"]
        axes = {"x": {0: "batch"}, "t": {0: "batch"}, "eps": {0: "batch"}}
    tmp = f"{path}.tmp{os.getpid()}"
    with torch.no_grad():
        torch.onnx.export(model, args, tmp, input_names=names, output_names=outputs, dynamic_axes=axes,
                          opset_version=OPSET, do_constant_folding=True)
    graph = onnx.load(tmp)
    for k in sorted(meta):
        graph.metadata_props.add(key=k, value=meta[k])
    onnx.checker.check_model(graph)
    onnx.save(graph, tmp)
    os.replace(tmp, path)
    return path


class Runner:
    """An onnxruntime session that quacks like the torch model for inference and
    validation loss: called with torch tensors, returns a torch tensor; has `ctx` (text)
    or `image_size` (images)."""

    def __init__(self, path):
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise WorkerError("INTERNAL", f"onnxruntime is not installed (scripts/setup-python): {e}")
        opts = ort.SessionOptions()
        # One thread each: the reference is a repeatable CPU run, and 2 shared cores.
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as e:
            raise WorkerError("WEIGHTS_INVALID", f"{path} is not a loadable ONNX model: {e}")
        self.meta = dict(self.session.get_modelmeta().custom_metadata_map)
        if "modelmint.arch" not in self.meta:
            raise WorkerError("WEIGHTS_INVALID", f"{path} has no modelmint metadata")
        arch = json.loads(self.meta["modelmint.arch"])
        self.kind = self.meta.get("modelmint.kind")
        if self.kind == "text":
            self.ctx = arch["ctx"]
        else:
            self.image_size = arch["image_size"]

    def __call__(self, *inputs):
        if self.kind == "text":
            feed = {"tokens": inputs[0].detach().cpu().numpy().astype(np.int64)}
        else:
            feed = {"x": inputs[0].detach().cpu().float().numpy(), "t": inputs[1].detach().cpu().numpy().astype(np.int64)}
        return torch.from_numpy(self.session.run(None, feed)[0])

    def to(self, _device):
        return self

    def eval(self):
        return self
