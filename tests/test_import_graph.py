"""Imports run one way (conventions 15): portal is below every app, no import hides inside a function, and the only
cycles are between an app's models and their querysets."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["portal", "projects", "indicators", "supervision", "reminders", "cockpit"]
APPS = [name for name in PACKAGES if name != "portal"]
# Modules that may import an app from portal: the root URL conf wires the apps' pages together.
PORTAL_MAY_IMPORT_APPS = {"portal.urls"}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield module_name(path), path


KNOWN = {name for name, _path in modules()}


def imported(name, path, node):
    """The modules an import statement names (for `from a import b`, a.b when that is a module, else a)."""
    known = KNOWN
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = name.split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in known else base)
    return found


def graph():
    """{module: {(imported module, at module level)}} for the project's own modules."""
    edges = {}
    for name, path in modules():
        tree = ast.parse(path.read_text(), str(path))
        top = {id(node) for node in tree.body}
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in imported(name, path, node):
                    if target.split(".")[0] in PACKAGES:
                        found.add((target, id(node) in top))
        edges[name] = found
    return edges


def test_portal_imports_no_app():
    wrong = [
        (module, target)
        for module, targets in graph().items()
        if module.split(".")[0] == "portal" and module not in PORTAL_MAY_IMPORT_APPS
        for target, _top in targets
        if target.split(".")[0] in APPS
    ]
    assert wrong == []


def test_no_import_inside_a_function():
    inside = [(module, target) for module, targets in graph().items() for target, top in targets if not top]
    assert inside == []


def test_the_only_cycles_are_between_models_and_their_querysets():
    edges = {module: {target for target, _top in targets} for module, targets in graph().items()}

    def allowed(module):
        parts = module.split(".")
        return len(parts) >= 2 and parts[1] in ("models", "querysets")

    # Tarjan's strongly connected components.
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in list(edges):
        if node not in index:
            visit(node)
    bad = [sorted(c) for c in components if not all(allowed(m) for m in c) or len({m.split(".")[0] for m in c}) > 1]
    assert bad == []
