"""Python data from a composed YAML node tree, the way PyYAML's safe loader builds it, faster.

A fact file is parsed once into nodes (libyaml, in C), because the nodes carry the line of
each fact for error messages; PyYAML then builds the data in Python, with bookkeeping for
cases fact files never have (merge keys, recursive anchors) on every one of a 10,000-fact
file's quarter of a million nodes: about half of validating it. `construct` builds plain
mappings, sequences and strings directly and leaves every other scalar (numbers, dates,
booleans, nulls) to the loader's own constructors, so the result is the same to the value
and the type; anything unusual goes to the loader whole. tests/core/test_yamltree.py holds
it to `construct_document` on generated documents and on every file in the repository.
"""

from __future__ import annotations

from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Keys that PyYAML rewrites while building a mapping ("<<" merges, "=" values).
_SPECIAL_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


class _Unusual(Exception):
    """A node this fast path does not build; the loader builds the whole document."""


def construct(loader: yaml.constructor.SafeConstructor, root: yaml.Node) -> Any:
    """What `loader.construct_document(root)` returns, built without its per-node overhead."""
    try:
        return _Builder(loader).build(root)
    except _Unusual:
        return loader.construct_document(root)


class _Builder:
    def __init__(self, loader: yaml.constructor.SafeConstructor) -> None:
        self.loader = loader
        # Aliases share one node: they get the same object back, as PyYAML gives them.
        self.built: dict[int, Any] = {}
        self.open: set[int] = set()

    def build(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.built:
            return self.built[key]
        if key in self.open:
            raise _Unusual  # a recursive anchor
        tag = node.tag
        value: Any
        if tag == _STR and isinstance(node, yaml.ScalarNode):
            value = node.value
        elif isinstance(node, yaml.ScalarNode):
            value = self.loader.construct_object(node)
        elif tag == _SEQ and isinstance(node, yaml.SequenceNode):
            self.open.add(key)
            value = [self.build(item) for item in node.value]
            self.open.discard(key)
        elif tag == _MAP and isinstance(node, yaml.MappingNode):
            self.open.add(key)
            value = {}
            for key_node, value_node in node.value:
                if key_node.tag in _SPECIAL_KEYS:
                    raise _Unusual
                try:
                    value[self.build(key_node)] = self.build(value_node)
                except TypeError:  # an unhashable key: the loader says so with its mark
                    raise _Unusual from None
            self.open.discard(key)
        else:
            raise _Unusual  # an explicit tag such as !!set or !!binary
        self.built[key] = value
        return value
