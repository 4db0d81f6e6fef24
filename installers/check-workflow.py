#!/usr/bin/env python3
"""Checks .github/workflows/installers.yml without running it: it parses, it has the Windows,
macOS and Linux jobs, the workspace tests run on Windows and macOS before their installers are
built, every action it uses is one of the known real ones, pinned to a major version, every file
it names exists in the repository, and every make target it runs exists."""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWN_ACTIONS = {"actions/checkout", "actions/setup-node", "actions/upload-artifact", "dtolnay/rust-toolchain"}


def fail(msg: str) -> None:
    print(f"installers.yml: {msg}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    wf = yaml.safe_load((ROOT / ".github/workflows/installers.yml").read_text(encoding="utf-8"))
    jobs = wf.get("jobs") or {}
    runners = {name: str(job.get("runs-on", "")) for name, job in jobs.items()}
    for want in ("windows", "macos", "ubuntu"):
        if not any(r.startswith(want) for r in runners.values()):
            fail(f"no job on a {want} runner: {runners}")
    test = jobs.get("test") or {}
    oses = set((test.get("strategy") or {}).get("matrix", {}).get("os") or [])
    if not {"windows-latest", "macos-latest"} <= oses:
        fail(f"the test job does not run on Windows and macOS: {sorted(oses)}")
    if not any("cargo test --workspace" in (st.get("run") or "") for st in test.get("steps") or []):
        fail("the test job runs no workspace tests")
    for name in ("windows", "macos"):
        if (jobs.get(name) or {}).get("needs") != "test":
            fail(f"the {name} installers are built without the tests passing first")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z0-9_-]+):", makefile, re.M))
    for name, job in jobs.items():
        for step in job.get("steps") or []:
            uses = step.get("uses")
            if uses:
                action, _, ref = uses.partition("@")
                if action not in KNOWN_ACTIONS:
                    fail(f"{name}: unknown action {uses}")
                if not re.fullmatch(r"v\d+|stable", ref):
                    fail(f"{name}: {uses} is not pinned to a major version")
            run = step.get("run") or ""
            for path in re.findall(r"(?:bash|python3|pwsh -File)\s+([\w./-]+)", run):
                if not (ROOT / path).exists():
                    fail(f"{name}: {path} does not exist")
            for m in re.finditer(r"\bmake\s+([\w\s-]+)", run):
                for t in m.group(1).split():
                    if t not in targets:
                        fail(f"{name}: make target {t} does not exist")
            wd = step.get("working-directory")
            if wd and not (ROOT / wd).is_dir():
                fail(f"{name}: working-directory {wd} does not exist")
            for path in re.findall(r"cache-dependency-path:\s*(\S+)", yaml.safe_dump(step)):
                if not (ROOT / path).exists():
                    fail(f"{name}: {path} does not exist")
    conf = ROOT / "src-tauri/tauri.conf.json"
    hooks = ROOT / "installers/windows/hooks.nsh"
    if "installers/windows/hooks.nsh" not in conf.read_text(encoding="utf-8") or not hooks.exists():
        fail("the NSIS hooks file is not wired into tauri.conf.json")
    print(f"installers.yml: {len(jobs)} jobs ({', '.join(sorted(runners.values()))}) check out")


if __name__ == "__main__":
    main()
