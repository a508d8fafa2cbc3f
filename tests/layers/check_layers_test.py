#!/usr/bin/env python3
"""scripts/check-layers passes on the tree and fails on a planted upward include.

Usage: check_layers_test.py SOURCE_DIR
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

source = pathlib.Path(sys.argv[1])
check = source / "scripts" / "check-layers"


def run(root):
    return subprocess.run([sys.executable, str(check), str(root)], capture_output=True, text=True)


tree = run(source)
assert tree.returncode == 0, f"the tree breaks its layers:\n{tree.stdout}{tree.stderr}"

with tempfile.TemporaryDirectory() as scratch:
    root = pathlib.Path(scratch)
    for layer in ("harness", "model"):
        shutil.copytree(source / layer, root / layer)
    planted = root / "model" / "db" / "planted.h"
    planted.write_text('#pragma once\n#include "scenarios/catalogue.h"\n')
    result = run(root)
    assert result.returncode == 1, f"a planted upward include passed: {result.stdout}{result.stderr}"
    assert 'model/db/planted.h:2: #include "scenarios/catalogue.h"' in result.stdout, result.stdout
    assert "model/ may include only harness, model" in result.stdout, result.stdout

    planted.unlink()
    (root / "harness" / "planted.cc").write_text('#include "model/world.h"\n')
    result = run(root)
    assert result.returncode == 1 and "harness/planted.cc:1:" in result.stdout, result.stdout

print("1 passed, 0 failed")
