"""`yamltree.construct` against PyYAML's own `construct_document`: the same data, to the value
and the type, on every YAML file in the repository, on hand-picked corner cases and on
generated documents; and the same errors for documents the safe loader refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.seeds import YamlLoader
from bot.core.yamltree import construct

ROOT = Path(__file__).resolve().parents[2]


def both(text: str) -> tuple[Any, Any]:
    """(fast, PyYAML) for one document, each from its own parse."""
    results = []
    for build in (construct, lambda loader, root: loader.construct_document(root)):
        loader = YamlLoader(text)
        try:
            root = loader.get_single_node()
            results.append(None if root is None else build(loader, root))
        finally:
            loader.dispose()
    return results[0], results[1]


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b) or (a != a and b != b)  # NaN equals NaN here


@pytest.mark.parametrize(
    "path",
    sorted(
        p for folder in ("facts", "tests/data", "bot/data") for p in (ROOT / folder).rglob("*.y*ml")
    ),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_yaml_file_in_the_repository(path: Path) -> None:
    fast, slow = both(path.read_text(encoding="utf-8"))
    assert same(fast, slow)


CORNERS = [
    "a: 1\nb: 1.5\nc: 0x1F\nd: 0o17\ne: 1_000\nf: .inf\ng: -.inf\nh: .nan\n",
    "yes: no\non: off\n~: null\nempty:\n",
    "date: 2024-04-21\nstamp: 2024-04-21T10:00:00Z\nquoted: '2024-04-21'\n",
    "anchor: &a {x: [1, 2]}\nalias: *a\nlist: &l [a, b]\nagain: *l\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",
    "? [1, 2]\n: unhashable key in PyYAML's terms\n",
    "set: !!set {a, b}\nbinary: !!binary aGVsbG8=\n",
    "omap: !!omap [a: 1, b: 2]\npairs: !!pairs [a: 1]\n",
    "dup: 1\ndup: 2\n",
    "- plain\n- 'single'\n- \"double \\u00e9\"\n- |\n  literal\n- >\n  folded\n",
    "recursive: &r [*r]\n",
    "'': empty key\n123: int key\n1.5: float key\nnull: null key\n",
    "= : value key\n",
]


@pytest.mark.parametrize("text", CORNERS)
def test_corner_cases_build_the_same_or_fail_the_same(text: str) -> None:
    try:
        slow = both(text)[1]
    except yaml.YAMLError as exc:
        with pytest.raises(type(exc)):
            both(text)
        return
    fast = both(text)[0]
    if text.startswith("recursive"):  # a list that holds itself: compare its shape
        assert fast["recursive"][0] is fast["recursive"]
        assert slow["recursive"][0] is slow["recursive"]
    else:
        assert same(fast, slow)


def test_aliases_share_one_object_as_in_pyyaml() -> None:
    fast, slow = both("a: &x [1]\nb: *x\n")
    assert fast["a"] is fast["b"] and slow["a"] is slow["b"]


scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), children, max_size=5),
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(trees, st.sampled_from([None, True, False]))
def test_generated_documents(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    fast, slow = both(text)
    assert same(fast, slow)
