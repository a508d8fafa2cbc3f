#!/usr/bin/env python3
"""Every command the README shows runs as written and ends as the README says.

Each ```sh block of README.md runs in order, in one scratch folder where
`build` links to the build being tested (and `tests`, `scenarios` to the
sources), so `I=build/cli/interleave`, the files the examples read and the
runs/ folders they write work as written. A command line's
`# exit N` comment is the exit code the README promises (no comment: 0);
a `for … done` loop runs whole. Lines starting with `scripts/` run from the
repository's root, as the Quick start says. Two lines are not run here,
each for a stated reason, and checked another way:
  scripts/test   is the suite that runs this test; .ci/run must exec it.
  scripts/fuzz   runs in scripts/test itself with the README's argument.
A README block this test does not recognise fails it: a new command gets a
check when it is written.

Usage: readme_commands_test.py SOURCE_DIR BUILD_DIR SCRATCH_DIR
Needs the suite's PostgreSQL (PG* variables) for the server examples.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

source, build, scratch = (pathlib.Path(arg).resolve() for arg in sys.argv[1:4])
readme = (source / "README.md").read_text(encoding="utf-8")
problems = []
ran = 0


def sh_lines(text):
    """The lines of the README's ```sh blocks, as (line number, text)."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped == "```sh" and not inside:
            inside = True
        elif stripped == "```" and inside:
            inside = False
        elif inside and stripped and not stripped.startswith("#"):
            yield number, stripped


def commands(lines):
    """Groups the lines into commands, (line number, text): a loop runs whole."""
    loop = None
    for number, line in lines:
        if loop is not None:
            loop[1].append(line)
            if re.match(r"done\b", line):
                yield loop[0], "\n".join(loop[1])
                loop = None
        elif re.match(r"(for|while)\b", line):
            loop = (number, [line])
        else:
            yield number, line


def expected_exit(command):
    match = re.search(r"#\s*exit (\d+)", command)
    return int(match.group(1)) if match else 0


def run(command, where, number):
    global ran
    ran += 1
    shell = f"I=build/cli/interleave\n{command}\n"
    started = time.monotonic()
    result = subprocess.run(["/bin/sh", "-c", shell], cwd=where, capture_output=True, text=True,
                            timeout=1800)
    # What each command costs, so the suite's slowest part shows its parts.
    print(f"README.md:{number}: {time.monotonic() - started:6.1f} s  {command.splitlines()[0][:90]}", flush=True)
    want = expected_exit(command)
    if result.returncode != want:
        problems.append(f"README.md:{number}: `{command}` exited {result.returncode}, the README says {want}\n"
                        f"--- stdout (tail)\n{result.stdout[-3000:]}\n--- stderr (tail)\n{result.stderr[-3000:]}")
    return result


def check_hunt_folder(folder, number):
    for name in ("summary.json", "index.html", "junit.xml"):
        if not (folder / name).is_file():
            problems.append(f"README.md:{number}: the hunt wrote no {folder / name}")
    summary = folder / "summary.json"
    if summary.is_file():
        json.loads(summary.read_text())
    if not list(folder.glob("*/*/report.md")):
        problems.append(f"README.md:{number}: the hunt wrote no <scenario>/<variant>/report.md")


if scratch.exists():
    shutil.rmtree(scratch)
scratch.mkdir(parents=True)
(scratch / "build").symlink_to(build)
for folder in ("tests", "scenarios", "examples"):  # what the examples read, as from the repository's root
    (scratch / folder).symlink_to(source / folder)

for number, command in commands(sh_lines(readme)):
    head = command.split()[0]
    if head == "scripts/test":
        ci = (source / ".ci" / "run").read_text()
        if "exec scripts/test" not in ci:
            problems.append(f"README.md:{number}: .ci/run does not run the README's test command")
    elif head == "scripts/fuzz":
        fuzz_line = command.split("#")[0].strip()
        if fuzz_line not in (source / "scripts" / "test").read_text():
            problems.append(f"README.md:{number}: scripts/test does not run `{fuzz_line}` as the README shows")
    elif head.startswith("scripts/"):
        run(command, source, number)
        if head == "scripts/hunt":
            check_hunt_folder(source / "interleave-out", number)
    else:
        result = run(command, scratch, number)
        if " hunt" in command and result.returncode == 0:
            check_hunt_folder(scratch / "interleave-out", number)

if ran < 10:
    problems.append(f"only {ran} README commands ran: the block parser lost some")
for problem in problems:
    print(problem)
print(f"{ran - len(problems)} passed, {len(problems)} failed")
sys.exit(1 if problems else 0)
