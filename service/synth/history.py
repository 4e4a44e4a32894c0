"""A department's structure through time: an initial organisation and a reorganisation per bulletin.

Reorganisations abolish units and establish others (new names, or names used before: a re-established
unit keeps its key), move sections between services, and now and then rename a division. The number of
units in force stays about the same, whatever the number of bulletins: history grows, the answer on a date
does not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .model import Node
from .vocabulary import FUNCTIONS, QUALIFIERS, TERMS

FRONT_OFFICE = {"部": "副秘书长办公室", "厅": "助理秘书长办公室", "办公室": "主任办公室"}
DIVISION_OFFICE = {"司": "司长办公室", "中心": "中心主任办公室"}


def root_suffix(department: str) -> str:
    return next(s for s in ("办公室", "部", "厅") if department.endswith(s))


@dataclass
class Names:
    """The names a department has used: unique, and none the tail of another (so no short form, no
    qualified form, can be read as another unit by the parser's resolution rules)."""

    rng: random.Random
    used: set[str] = field(default_factory=set)
    tails: set[str] = field(default_factory=set)  # every proper suffix of a used name
    retired: dict[str, list[str]] = field(default_factory=dict)  # suffix -> names not in force now
    in_force: set[str] = field(default_factory=set)

    def _compatible(self, name: str) -> bool:
        if name in self.used or name in self.tails:
            return False
        return not any(name[i:] in self.used for i in range(1, len(name)))

    def _compose(self, suffix: str) -> str:
        rng = self.rng
        roll = rng.random()
        if suffix in ("司", "中心") and roll < 0.35:
            a, b, c = rng.sample(TERMS, 3)
            return f"{a}、{b}和{c}{suffix}"
        if roll < 0.7:
            a, b = rng.sample(TERMS, 2)
            return f"{a}和{b}{suffix}"
        if roll < 0.9:
            return f"{rng.choice(QUALIFIERS)}{rng.choice(TERMS)}{suffix}"
        a, b = rng.sample(TERMS, 2)
        return f"{a}{b}{suffix}"

    def take(self, suffix: str, reuse: float = 0.0) -> str:
        pool = self.retired.get(suffix)
        if pool and self.rng.random() < reuse:
            name = pool.pop(self.rng.randrange(len(pool)))
        else:
            for _ in range(1000):
                name = self._compose(suffix)
                if self._compatible(name):
                    break
            else:  # pragma: no cover - the vocabulary is large
                raise RuntimeError(f"no free {suffix} name")
            self.used.add(name)
            self.tails.update(name[i:] for i in range(1, len(name)))
        self.in_force.add(name)
        return name

    def retire(self, node: Node) -> None:
        for unit in node.walk():
            if unit.generic or unit.name not in self.in_force:
                continue
            self.in_force.discard(unit.name)
            self.retired.setdefault(unit.suffix, []).append(unit.name)


class Department:
    """One department's structure, mutated by each reorganisation."""

    def __init__(self, name: str, rng: random.Random, reuse: float) -> None:
        self.rng = rng
        self.reuse = reuse
        self.names = Names(rng)
        self.root = Node(name, root_suffix(name), functions=self._functions(5))
        self.root.children = self._initial()

    # -- building ---------------------------------------------------------------------------------------
    def _functions(self, most: int = 4) -> tuple[str, ...]:
        if most < 5 and self.rng.random() < 0.5:
            return ()
        return tuple(self.rng.sample(FUNCTIONS, self.rng.randint(2, most)))

    def _leaf(self, suffix: str) -> Node:
        return Node(self.names.take(suffix, self.reuse), suffix, functions=self._functions())

    def _section(self) -> Node:
        section = self._leaf("科")
        if self.rng.random() < 0.12:
            section.children = [self._leaf("股") for _ in range(2)]
        return section

    def _service(self) -> Node:
        service = Node(self.names.take("处", self.reuse), "处", functions=self._functions())
        children = [self._section() for _ in range(self.rng.randint(2, 3))]
        if self.rng.random() < 0.15:
            children.append(self._leaf("小组"))
        service.children = children
        return service

    def _division(self) -> Node:
        suffix = "中心" if self.rng.random() < 0.1 else "司"
        division = Node(self.names.take(suffix, self.reuse), suffix, functions=self._functions())
        children = [Node(DIVISION_OFFICE[suffix], "办公室")]
        children += [self._service() for _ in range(self.rng.randint(2, 3))]
        if self.rng.random() < 0.4:
            children.append(self._leaf(self.rng.choice(("科", "股"))))
        division.children = children
        return division

    def _initial(self) -> list[Node]:
        front = Node(FRONT_OFFICE[self.root.suffix], "办公室")
        if self.rng.random() < 0.5:
            front.children = [Node("前沿办公室", "办公室"), self._leaf("股")]
        children = [front, Node("执行办公室", "办公室")]
        children += [self._division() for _ in range(self.rng.randint(3, 5))]
        return children

    # -- reorganising -----------------------------------------------------------------------------------
    def divisions(self) -> list[Node]:
        return [c for c in self.root.children if c.suffix in ("司", "中心")]

    def _services(self) -> list[tuple[Node, Node]]:
        return [(d, s) for d in self.divisions() for s in d.children if s.suffix == "处"]

    def _replace(self, parent: Node, old: Node, new: Node) -> None:
        parent.children[parent.children.index(old)] = new
        self.names.retire(old)

    def reorganise(self) -> None:
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            services = self._services()
            if roll < 0.4 and services:
                _, service = rng.choice(services)
                leaves = [c for c in service.children if c.suffix in ("科", "小组")]
                if leaves:
                    old = rng.choice(leaves)
                    new = self._section() if old.suffix == "科" else self._leaf("小组")
                    self._replace(service, old, new)
            elif roll < 0.6 and services:
                division, service = rng.choice(services)
                self._replace(division, service, self._service())
            elif roll < 0.75 and len(services) >= 2:
                (_, source), (_, target) = rng.sample(services, 2)
                movable = [c for c in source.children if c.suffix == "科"]
                if len(movable) > 1:
                    moved = rng.choice(movable)
                    source.children.remove(moved)
                    target.children.append(moved)
            elif roll < 0.85:
                sections = [c for _, s in services for c in s.children if c.suffix == "科"]
                if sections:
                    section = rng.choice(sections)
                    if section.children:
                        for unit in section.children:
                            self.names.retire(unit)
                        section.children = []
                    else:
                        section.children = [self._leaf("股") for _ in range(2)]
            elif roll < 0.93:
                for node in rng.sample(self.root.walk(), min(5, len(self.root.walk()))):
                    if not node.generic:
                        node.functions = self._functions()
            else:
                divisions = self.divisions()
                if divisions:
                    old = rng.choice(divisions)
                    renamed = Node(self.names.take(old.suffix, self.reuse), old.suffix, old.children)
                    renamed.functions = old.functions
                    self.root.children[self.root.children.index(old)] = renamed
                    self.names.in_force.discard(old.name)
                    self.names.retired.setdefault(old.suffix, []).append(old.name)

    def snapshot(self) -> Node:
        return self.root.copy()
