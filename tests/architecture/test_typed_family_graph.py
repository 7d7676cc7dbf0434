"""The family graph is read through its typed records only (genograms/graph.py): no module
reads or writes networkx's attribute dicts by a string (``d["relation"]``,
``graph.nodes[n]["name"]``, ``edges(data=True)``, ``graph.graph["households"]``) outside
that one module, so a renamed or retyped field is a type error, not a silent ``None``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.packages import packages

ROOT = Path(__file__).resolve().parents[2]
ACCESSORS = ROOT / "genograms" / "graph.py"
# The views networkx reads attribute dicts through, and its helpers that take them.
VIEWS = {"nodes", "edges", "in_edges", "out_edges", "adj", "succ", "pred", "_node", "_adj",
         "_succ", "_pred"}
ATTRIBUTE_HELPERS = {"get_edge_data", "get_node_attributes", "get_edge_attributes",
                     "set_node_attributes", "set_edge_attributes"}
ADDERS = {"add_node", "add_edge", "add_nodes_from", "add_edges_from"}
DICT_METHODS = {"get", "items", "keys", "values", "update", "setdefault", "pop"}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _imports_networkx(tree: ast.Module) -> bool:
    return any((isinstance(node, ast.Import) and any(a.name == "networkx" for a in node.names))
               or (isinstance(node, ast.ImportFrom)
                   and (node.module or "").startswith("networkx"))
               for node in ast.walk(tree))


def attribute_dict_reads(source: str) -> list[int]:
    """Lines where ``source`` reaches into a networkx attribute dict."""
    tree = ast.parse(source)
    with_networkx = _imports_networkx(tree)
    found: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            # graph.nodes[n], graph.edges[a, b, k], graph.graph["households"], family.graph[n]
            if _name(node.value) in VIEWS | {"graph"} and isinstance(node.value, ast.Attribute):
                found.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr in DICT_METHODS \
                and isinstance(node.value, ast.Attribute) and node.value.attr == "graph":
            found.append(node.lineno)  # graph.graph.get("households")
        elif isinstance(node, ast.Call):
            called = _name(node.func)
            keywords = {k.arg: k.value for k in node.keywords}
            data = keywords.get("data")
            if called in VIEWS and data is not None and not (
                    isinstance(data, ast.Constant) and data.value is False):
                found.append(node.lineno)  # graph.edges(data=True), nodes(data="name")
            elif called == "data" and isinstance(node.func, ast.Attribute) \
                    and _name(node.func.value) in VIEWS:
                found.append(node.lineno)  # graph.edges.data("kind")
            elif called in ATTRIBUTE_HELPERS:
                found.append(node.lineno)
            elif with_networkx and called in ADDERS and \
                    (set(keywords) - {"key"} or any(k.arg is None for k in node.keywords)):
                found.append(node.lineno)  # graph.add_edge(a, b, relation="parent")
    return found


def _sources() -> list[Path]:
    roots = [*packages(), "bench", "tests", "tools"]
    return sorted(path for root in roots for path in (ROOT / root).rglob("*.py")
                  if path != ACCESSORS)


def test_no_module_reads_the_family_graphs_attribute_dicts_by_a_string() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{line}" for path in _sources()
                 for line in attribute_dict_reads(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_accessors_are_where_the_attribute_dicts_are_read() -> None:
    """The scan finds them where they belong (it would find them elsewhere too)."""
    assert attribute_dict_reads(ACCESSORS.read_text(encoding="utf-8")) != []


@pytest.mark.parametrize("source", [
    'for a, b, d in graph.edges(data=True): print(d["relation"])',
    'kinds = [d for _, _, d in family.graph.in_edges(7, data="kind")]',
    'name = graph.nodes[person]["name"]',
    'name = graph.nodes[person].get("name")',
    'kind = graph.edges[1, 2, 0]["kind"]',
    'homes = family.graph.graph["households"]',
    'homes = family.graph.graph.get("households", {})',
    'adjacent = family.graph[1]',
    'years = sub.edges.data("year")',
    'names = nx.get_node_attributes(graph, "name")',
    'import networkx as nx\ngraph = nx.MultiDiGraph()\ngraph.add_edge(1, 2, relation="parent")',
    'import networkx as nx\ng = nx.Graph()\ng.add_node(1, **{"name": "Elif"})',
])
def test_the_scan_finds_each_way_into_an_attribute_dict(source: str) -> None:
    assert attribute_dict_reads(source) == [source.count("\n") + 1]


@pytest.mark.parametrize("source", [
    "for link in links(graph):\n    print(link.relation)",
    "people = list(graph.nodes)\nedges = list(graph.edges(keys=True))",
    "graph.add_edge(1, 2)\ngraph.add_node(3)",
    'net.add_node(1, label="Elif")',  # pyvis, in a module without networkx
    "import networkx as nx\ncouples = nx.MultiGraph()\ncouples.add_edge(1, 2, key=0)",
    'row = table.rows[0]\nvalue = settings.graph_options["x"]',
])
def test_the_scan_leaves_typed_reads_and_plain_structure_alone(source: str) -> None:
    assert attribute_dict_reads(source) == []
