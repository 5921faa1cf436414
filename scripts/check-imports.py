#!/usr/bin/env python3
"""Fails when two source files of a crate import each other (`use crate::…`, `super::…`, paths).

Usage: check-imports.py <crate src dir>...  Comments and `#[cfg(test)]` modules are ignored: a
test module may reach anywhere. A path is charged to the deepest file it names (`crate::app::store::X`
is app/store/mod.rs), so a re-export through a parent (`crate::app::X`) counts against the parent.
"""
import os
import re
import sys


def modules(src):
    files = {}
    for root, _, names in os.walk(src):
        for name in names:
            if name.endswith(".rs"):
                rel = os.path.relpath(os.path.join(root, name), src)
                parts = rel[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                files[tuple(parts)] = rel
    return files


def strip(text):
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # Drop `#[cfg(test)] mod x { … }` blocks by brace matching.
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(pub(\([^)]*\))?\s*)?mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def paths(text):
    """Every `crate::a::b` / `super::a` path, with `use x::{a, b::c}` groups expanded."""
    found = []
    for m in re.finditer(r"\b((?:crate|super)(?:::super)*)::\{([^;]*?)\}\s*;", text, re.S):
        for item in re.split(r",", m.group(2)):
            item = item.strip().split(" as ")[0].strip("{} \n")
            if item:
                found.append(m.group(1) + "::" + item.split("::{")[0])
    for m in re.finditer(r"\b((?:crate|super)(?:::super)*(?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
        found.append(m.group(1))
    return found


def resolve(path, here, is_mod, files):
    parts = path.split("::")
    if parts[0] == "crate":
        base, rest = [], parts[1:]
    else:
        base = list(here) if is_mod else list(here[:-1])
        while parts and parts[0] == "super":
            base = base[:-1]
            parts = parts[1:]
        rest = parts
    full = base + rest
    while full:
        if tuple(full) in files:
            return files[tuple(full)]
        full = full[:-1]
    return None


def main():
    bad = []
    for src in sys.argv[1:]:
        files = modules(src)
        edges = {}
        for mod, rel in files.items():
            is_mod = os.path.basename(rel) in ("mod.rs", "lib.rs", "main.rs")
            text = strip(open(os.path.join(src, rel), encoding="utf-8").read())
            deps = {resolve(p, mod, is_mod, files) for p in paths(text)}
            edges[rel] = {d for d in deps if d and d != rel and d not in ("lib.rs", "main.rs")}
        for a in sorted(edges):
            for b in sorted(edges[a]):
                if a < b and a in edges.get(b, ()):
                    bad.append(f"{src}: {a} and {b} import each other")
    for line in bad:
        print(line)
    if bad:
        print("two files that import each other are one module in two places: move what they share into"
              " a file both import, or hand one side a closure or trait", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
