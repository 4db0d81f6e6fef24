#!/usr/bin/env python3
"""Writes the app's link order (src-tauri/link-order.txt) from a callgrind profile.

Usage: link-order.py BINARY LINK_MAP OUT CALLGRIND_OUT...
       link-order.py --check LINK_MAP ORDER_FILE

BINARY is the jeopsu-app that ran under `valgrind --tool=callgrind --dump-instr=yes
--compress-pos=no --compress-strings=no`; LINK_MAP is lld's `-Map` of that same link; each
CALLGRIND_OUT is one part of the run (link-order.sh gives the desk's part first, then the
start's). Every input section of the binary that holds an instruction a part executed is written
out by one of its symbols: the first part's sections, then the next part's that are not written
yet, each part in the order of the binary's layout. lld's `--symbol-ordering-file` then places
those sections first and together in that order, so the code a desk runs sits in as few pages
as it can (BENCHMARKS.md, "The binary's code, in the order it runs"), and the code it still runs
after the start's pages are handed back sits apart from what only the start ran ("The desk's
code apart from the start's").

`--check` counts how many of ORDER_FILE's functions the link of LINK_MAP still had, and fails
below CURRENT of them: the names change with the toolchain, the dependencies and the release
profile (a Rust symbol ends in a hash of its crate's build settings), and the linker
skips a name it does not find, so a stale file costs memory, not a build. `make dist-check` runs
it on the release link's map (the shipped binary has no symbols to look at).
"""
import bisect
import os
import re
import sys


def executed(binary, profile):
    """Addresses of the instructions that ran in BINARY (callgrind's `ob=` blocks)."""
    addrs, current = set(), None
    with open(profile, errors="replace") as f:
        for line in f:
            if line.startswith("ob="):
                current = line[3:].strip()
            elif current == binary and line.startswith("0x"):
                addrs.add(int(line.split()[0], 16))
    return addrs


ROW = re.compile(r"^\s*([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ (.*)$")


def input_sections(link_map):
    """(start, size, section, [symbols]) of every input section in an output `.text`."""
    sections, out = [], None
    with open(link_map, errors="replace") as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            vma, size, rest = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
            if not rest.startswith(" "):
                out = rest.strip()
                continue
            if out != ".text":
                continue
            rest = rest.strip()
            i = rest.rfind(":(")
            if (rest.startswith("/") or rest.startswith("<")) and i > 0 and rest.endswith(")"):
                sections.append((vma, size, rest[i + 2 : -1], []))
            elif sections and sections[-1][0] <= vma < sections[-1][0] + max(sections[-1][1], 1):
                sections[-1][3].append(rest)
    sections.sort(key=lambda s: s[0])
    return sections


# Compilers name a function's own section after it: `.text.NAME`, or with a hint in between.
PREFIXES = (".text.unlikely.", ".text.startup.", ".text.hot.", ".text.exit.", ".text.")


def section_symbol(section):
    """The (mangled) function a `.text.NAME` section holds, or None for a shared `.text`."""
    for p in PREFIXES:
        if section.startswith(p) and len(section) > len(p):
            return section[len(p) :]
    return None


# The share of the file's functions a link must find for the file to count as current.
CURRENT = 0.9


def check(link_map, order_file):
    """Exits non-zero when the link found less than CURRENT of the order file's functions."""
    if not os.path.exists(link_map):
        sys.exit(
            f"link order: no link map at {link_map} (an x86_64 Linux release build of the app "
            "writes it, src-tauri/build.rs)"
        )
    with open(order_file) as f:
        wanted = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    linked = set()
    for _, _, section, symbols in input_sections(link_map):
        name = section_symbol(section)
        if name:
            linked.add(name)
        linked.update(symbols)
    found = sum(1 for name in wanted if name in linked)
    share = found / len(wanted) if wanted else 0.0
    print(f"link order: the link found {found} of the {len(wanted)} functions in {order_file}")
    if share < CURRENT:
        sys.exit(
            f"link order: under {CURRENT:.0%} found: the file is stale (a change of the "
            "toolchain, a dependency or the release profile renamed them). Re-make it: "
            "make link-order"
        )


def main():
    if sys.argv[1:2] == ["--check"] and len(sys.argv) == 4:
        check(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    binary, link_map, out, profiles = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    sections = input_sections(link_map)
    starts = [s[0] for s in sections]
    order, done, missed, parts = [], set(), 0, []
    for profile in profiles:
        addrs = executed(binary, profile)
        if not addrs:
            sys.exit(f"link-order: {profile} has no instruction of {binary}")
        hit = set()
        for a in addrs:
            i = bisect.bisect_right(starts, a) - 1
            if i < 0 or a >= sections[i][0] + sections[i][1]:
                missed += 1
            else:
                hit.add(i)
        new = sorted(hit - done)
        order += new
        done |= hit
        parts.append(
            f"{len(new)} sections ({sum(sections[i][1] for i in new) / 2**20:.2f} MiB) "
            f"from {os.path.basename(profile)}"
        )
    names, unnamed = [], 0
    for i in order:
        start, size, section, symbols = sections[i]
        name = section_symbol(section)
        if name:
            names.append(name)
        elif symbols:
            names.append(symbols[0])
        else:
            unnamed += 1
    with open(out, "w") as f:
        f.write("# Written by scripts/link-order.sh; do not edit. The functions the app runs from\n")
        f.write("# its start to the desk's first search results, placed first by the linker\n")
        f.write("# (src-tauri/build.rs): those the desk runs once painted, then those only the\n")
        f.write("# start ran. Symbols the code no longer has are skipped.\n")
        for n in names:
            f.write(n + "\n")
    print(
        f"link-order: {'; then '.join(parts)}; {len(names)} symbols written to {out}"
        + (f"; {unnamed} sections without a symbol left out" if unnamed else "")
        + (f"; {missed} addresses outside .text" if missed else "")
    )


if __name__ == "__main__":
    main()
