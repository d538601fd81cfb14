"""Replication between good practices: a practice may name the practices it replicates or
adapts (`replicates`, by slug). The links form a directed graph from the adopting practice
to the original; it must have no self-link, no link to a missing practice and no cycle."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from atlas.i18n import N_, Message, Nn_

Graph = Mapping[str, Iterable[str]]
"""{practice slug: slugs of the practices it replicates}."""


def self_link_problem(slug: str, replicates: Iterable[str]) -> str | None:
    """The rule "a practice does not replicate itself", in words; None when kept."""
    if slug in set(replicates):
        return Message(N_("a practice cannot replicate itself ({slug})"), slug=repr(slug))
    return None


def missing_problem(replicates: Iterable[str], known: set[str]) -> str | None:
    """The rule "a link names a practice that exists", in words; None when kept."""
    missing = [slug for slug in replicates if slug not in known]
    if missing:
        return Message(
            *Nn_("no practice {slugs} in the atlas", "no practice {slugs} in the atlas"),
            count=len(missing),
            slugs=", ".join(repr(slug) for slug in missing),
        )
    return None


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of the graph as its slugs in link order, the first repeated at the end
    (["a", "b", "a"]); None when the graph has no cycle. Iterative depth-first search."""
    links = {slug: sorted(set(targets)) for slug, targets in graph.items()}
    done: set[str] = set()
    for start in sorted(links):
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        pending = [iter(links.get(start, ()))]
        while pending:
            target = next(pending[-1], None)
            if target is None:
                pending.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done:
                path.append(target)
                on_path.add(target)
                pending.append(iter(links.get(target, ())))
    return None


def cycle_problem(graph: Graph) -> str | None:
    """The rule "replication links form no cycle", in words; None when kept."""
    cycle = find_cycle(graph)
    if cycle is None:
        return None
    return Message(N_("replication links would form a cycle: {cycle}"), cycle=" → ".join(cycle))


def with_links(graph: Graph, changed: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The graph with the links of the `changed` practices replaced by the given ones."""
    merged = {slug: set(targets) for slug, targets in graph.items()}
    merged |= {slug: set(targets) for slug, targets in changed.items()}
    return merged


def link_problems(
    slug: str, replicates: Iterable[str], known: set[str], graph: Graph
) -> str | None:
    """Every rule for one practice's links against the others' (`graph`), in words: the
    first broken rule, or None when all hold. `known` holds the slugs it may link to."""
    replicates = list(replicates)
    return (
        self_link_problem(slug, replicates)
        or missing_problem(replicates, known)
        or cycle_problem(with_links(graph, {slug: replicates}))
    )
