#!/usr/bin/env python3
"""Fails when a file of a crate imports, directly or through others, a file that imports it.

Why a script of our own: cargo-modules (0.27, the newest that builds with this
toolchain) checks cycles between items, not files, so every type with a constructor
returning itself is "a cycle" (`StatusMapping` -> `StatusMapping::default`), and it took
14 minutes for one crate here. This reads the code as text, in well under a second.

An edge A -> B is a path in A's non-test code that names B's module: `use crate::x::y`,
`super::z`, `self::w` or such a path written inline, group imports (`crate::{a, b::c}`)
expanded. A path is resolved to the longest module prefix that is a file of the crate,
so `crate::sync::hook::PageHook` names `sync/hook.rs`. Test modules (`#[cfg(test)] mod
... { }` and `#[cfg(test)] mod x;`) and comments are left out. Prints each cycle with
the names that tie it and exits 1; prints the counts and exits 0 when there is none.

Usage: import_cycles.py SRC_DIR [SRC_DIR...]   (each a crate's source root)
"""

import os
import re
import sys

PATH_START = re.compile(r"\b(crate|super|self)(?=::)")


def module_path(rel):
    parts = rel[: -len(".rs")].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def without_tests_and_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    marker = re.compile(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*([;{])")
    while True:
        m = marker.search(text, i)
        if not m:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i : m.start()])
        if m.group(3) == ";":
            i = m.end()
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j


def expand(tree):
    """`a::{b, c::{d, e}}` -> ["a::b", "a::c::d", "a::c::e"]."""
    tree = tree.strip()
    brace = tree.find("{")
    if brace < 0:
        return [tree]
    prefix, inner = tree[:brace], tree[brace + 1 : tree.rindex("}")]
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(inner):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:k])
            start = k + 1
    parts.append(inner[start:])
    return [p for part in parts if part.strip() for p in expand(prefix + part.strip())]


def paths_in(code):
    """Every `crate::…`, `super::…` or `self::…` path in the code, groups expanded."""
    found = []
    for m in PATH_START.finditer(code):
        j, depth = m.start(), 0
        while j < len(code):
            ch = code[j]
            if ch == "{":
                depth += 1
            elif ch == "}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and not (ch.isalnum() or ch in "_:"):
                break
            j += 1
        text = re.sub(r"\s+", "", code[m.start() : j]).replace(" as ", "")
        found.extend(expand(text))
    return found


def resolve(path, here, modules):
    segments = [s for s in re.split(r"::", path) if s]
    base = list(here)
    if segments[0] == "crate":
        base, segments = [], segments[1:]
    elif segments[0] == "self":
        segments = segments[1:]
    while segments and segments[0] == "super":
        base, segments = base[:-1], segments[1:]
    full = base + [re.sub(r"\W.*", "", s) for s in segments]
    for end in range(len(full), -1, -1):
        if tuple(full[:end]) in modules:
            return modules[tuple(full[:end])]
    return None


def graph(root):
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                full = os.path.join(folder, name)
                with open(full, encoding="utf-8") as f:
                    files[os.path.relpath(full, root)] = f.read()
    modules = {module_path(rel): rel for rel in files}
    edges = {}
    for rel, text in files.items():
        here = module_path(rel)
        targets = set()
        for path in paths_in(without_tests_and_comments(text)):
            target = resolve(path, here, modules)
            if target and target != rel:
                targets.add(target)
        edges[rel] = targets
    return edges


def cycles(edges):
    """Strongly connected components of more than one file (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def main(roots):
    failed, files, arrows = False, 0, 0
    for root in roots:
        edges = graph(root)
        files += len(edges)
        arrows += sum(len(t) for t in edges.values())
        for component in cycles(edges):
            failed = True
            print(f"import cycle in {root}: {len(component)} files")
            for a in component:
                for b in sorted(edges[a]):
                    if b in component:
                        print(f"  {a} -> {b}")
    if not failed:
        print(f"no import cycle: {files} files, {arrows} imports between them")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
