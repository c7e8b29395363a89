"""Read an annotation's YAML safely, keeping the line of every value so that errors can name it.

Annotations are written by hand and by the extractor, and may come from anyone: this reader
refuses what an annotation never needs and what could hurt (anchors and aliases, which make
"billion laughs" bombs; nesting deeper than an annotation has; keys that are not plain text),
and it reads dates and times as text, for the date resolver to judge, not as YAML timestamps.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import ClaimgraphError, shown

MAX_DEPTH = 12
MAX_BYTES = 5_000_000

Path_ = tuple  # a path into the document: keys and list indexes, e.g. ("statements", 3, "stance")


class _Loader(yaml.SafeLoader):
    """SafeLoader without timestamps, aliases, anchors or deep nesting."""

    depth = 0
    kind = "annotation"

    def compose_node(self, parent, index):
        one = f"{'an' if self.kind[0] in 'aeiou' else 'a'} {self.kind}"
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ClaimgraphError(f"anchors and aliases (*name) are not allowed in {one}; write the value out",
                                  path=self.name, line=event.start_mark.line + 1)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise ClaimgraphError(f"anchors (&name) are not allowed in {one}; write the value out",
                                  path=self.name, line=event.start_mark.line + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ClaimgraphError(f"nested more than {MAX_DEPTH} levels deep; {one} is a few levels deep",
                                      path=self.name, line=event.start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (ten times faster), for text that `_plain` finds no anchor, alias or deep
    nesting in: a build reads every annotation of an archive."""

    kind = "annotation"


# Dates stay text ("2024-02-30" must be judged by the date resolver, not crash the YAML reader).
_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DEEP = re.compile(r"^ {%d}|-\s+-\s|^\s*\?\s" % (4 * MAX_DEPTH), re.MULTILINE)  # deep or compact nesting, complex keys


def _plain(text: str) -> bool:
    """Whether the text surely has no anchor or alias and no nesting near MAX_DEPTH, so libyaml may
    compose it (its composer recurses in C, and shared alias nodes would need the checks above)."""
    if "&" in text or "*" in text or _DEEP.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False
    depth = deepest = 0
    for bracket in re.finditer(r"[\[\]{}]", text):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest < MAX_DEPTH // 2


def load(text: str, where: object, kind: str = "annotation") -> tuple[Any, dict[Path_, int]]:
    """The document as plain Python values, and the line of each value by its path. `kind` names
    the document in messages (an annotation, a query header)."""
    if len(text) > MAX_BYTES:
        raise ClaimgraphError(f"{kind} is {len(text):,} characters; the limit is {MAX_BYTES:,}", path=where)
    if _plain(text):
        try:
            return _load(_FastLoader, text, where, kind)
        except Exception:  # noqa: BLE001 - whatever libyaml finds, the Python reader below is the judge
            pass  # and says what is wrong, as it always has, line and all
    return _load(_Loader, text, where, kind)


def _load(reader: type, text: str, where: object, kind: str) -> tuple[Any, dict[Path_, int]]:
    try:
        loader = reader(text)
    except yaml.reader.ReaderError as exc:  # a control character such as NUL: YAML refuses the whole stream
        line = text.count("\n", 0, exc.position) + 1
        raise ClaimgraphError(f"malformed YAML: character {exc.character!r} is not allowed in YAML text", path=where,
                              line=line) from None
    loader.name = str(where)
    loader.kind = kind
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = _construct(loader, node, (), lines, where) if node is not None else None
        return data, lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(exc.problem or exc).split())[:200]
        raise ClaimgraphError(f"malformed YAML: {problem}", path=where, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ClaimgraphError(f"malformed YAML: {' '.join(str(exc).split())[:200]}", path=where) from None
    finally:
        loader.dispose()


def _construct(loader: _Loader, node, path: Path_, lines: dict, where: object) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        try:
            return loader.construct_object(node)
        except (ValueError, OverflowError) as exc:
            raise ClaimgraphError(f"cannot read the value {shown(node.value)}: {exc}", path=where,
                                  line=lines[path]) from None
    if isinstance(node, SequenceNode):
        return [_construct(loader, item, path + (index,), lines, where) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise ClaimgraphError("a key must be a plain word such as 'speaker'", path=where, line=line)
            key = key_node.value
            if key in result:
                raise ClaimgraphError(f"duplicate key {shown(key)}", path=where, line=line)
            result[key] = _construct(loader, value_node, path + (key,), lines, where)
            lines[path + (key,)] = line
        return result
    raise ClaimgraphError("unreadable YAML node", path=where, line=lines[path])
