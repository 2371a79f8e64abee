"""The numpy forward pass of all-MiniLM-L6-v2 against the model's published behaviour.

No mock: the installed weights run for real. The reference similarities are the ones
sentence-transformers documents for this model (its quickstart's three sentences), so a
slip in attention, normalisation, GELU or pooling shows as a wrong digit here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.core.encoder import MAX_TOKENS, ModelError, SentenceEncoder, installed_model_dir


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    folder = installed_model_dir()
    assert folder is not None, "install requirements-model.txt (make does)"
    return SentenceEncoder(folder)


def test_the_published_similarities_are_reproduced(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    expected = np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]])
    assert np.allclose(vectors @ vectors.T, expected, atol=1e-3)


def test_vectors_are_unit_length_float32_in_input_order(encoder: SentenceEncoder) -> None:
    texts = ["who runs china's security apparatus?", "x", "when did lavrov meet xi"]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, encoder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batched with others (sorted by length, padded) or alone: the same vector.
    for text, vector in zip(texts, vectors, strict=True):
        assert np.allclose(encoder.encode([text])[0], vector, atol=1e-5)


def test_padding_does_not_leak_into_a_short_sentence(encoder: SentenceEncoder) -> None:
    short = "who is lavrov?"
    alone = encoder.encode([short])[0]
    beside_long = encoder.encode([short, "word " * 60])[0]
    assert np.allclose(alone, beside_long, atol=1e-5)


def test_empty_long_and_odd_input(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, encoder.dim)
    vectors = encoder.encode(["", "🙂 @everyone **bold** 中文", "summit " * (MAX_TOKENS * 3)])
    assert np.isfinite(vectors).all()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_meaning_outweighs_shared_words(encoder: SentenceEncoder) -> None:
    question, paraphrase, other = encoder.encode(
        [
            "who is in charge of china's internal security?",
            "Who is China's top security official?",
            "Who is in charge of the BRICS summit's catering?",
        ]
    )
    assert question @ paraphrase > question @ other + 0.1


def test_a_model_of_another_architecture_is_refused(tmp_path: Path) -> None:
    source = installed_model_dir()
    assert source is not None
    folder = tmp_path / "model"
    # The small files copied, the 90 MB of weights linked.
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.safetensors"))
    (folder / "model.safetensors").symlink_to(source / "model.safetensors")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    (folder / "config.json").write_text(
        json.dumps({**config, "hidden_act": "relu"}), encoding="utf-8"
    )
    with pytest.raises(ModelError, match="hidden_act"):
        SentenceEncoder(folder)
    with pytest.raises(ModelError, match="cannot read"):
        SentenceEncoder(tmp_path / "missing")


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("model.safetensors", b"\x00" * 1000),  # truncated weights
        ("tokenizer.json", b"{"),  # a tokenizer that is not JSON
        ("config.json", b'{"model_type": "bert"}'),  # a config without the sizes
    ],
)
def test_damaged_model_files_are_refused_at_load(tmp_path: Path, name: str, damage: bytes) -> None:
    """Whatever each library raises, the caller hears one thing: there is no model."""
    source = installed_model_dir()
    assert source is not None
    folder = tmp_path / "model"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.safetensors"))
    (folder / "model.safetensors").symlink_to(source / "model.safetensors")
    (folder / name).unlink()
    (folder / name).write_bytes(damage)
    with pytest.raises(ModelError):
        SentenceEncoder(folder)
