#!/usr/bin/env python3
"""Lints the recipes that run `interleave hunt` for users: deploy/Dockerfile
and the GitHub Actions composite action (.github/actions/hunt/action.yml)
with the workflow that uses it (.github/workflows/hunt.yml).

Debian bookworm packages neither hadolint nor actionlint, so this checks
what matters by itself: the files parse; the Dockerfile builds from
debian:bookworm, copies every folder the top CMakeLists.txt adds (a missing
one fails `docker build` only at configure time), runs its entry point in
exec form and hunts /scenarios into /out by default with options the built
command accepts; the action is a composite one whose inputs are described,
whose every `run` step names its shell and passes shellcheck (with
`${{ ... }}` expressions as plain words), which calls hunt with options it
accepts, uploads junit.xml and index.html as artifacts even when hunt
fails, and fails with hunt's exit code last; the workflow uses it from this
repository.

Usage: check_hunt_recipes.py SOURCE_DIR INTERLEAVE_BINARY
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def help_options(binary, command):
    text = subprocess.run([binary, command, "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


def dockerfile_instructions(path):
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    return instructions


def shellcheck(where, script, shell):
    if shutil.which("shellcheck") is None:
        problems.append("shellcheck is not installed (scripts/setup installs it)")
        return
    # An expression is a word to the shell; quoted, it changes no check.
    plain = re.sub(r"\$\{\{[^}]*\}\}", "EXPRESSION", script)
    result = subprocess.run(["shellcheck", f"--shell={shell}", "-"], input=plain, capture_output=True, text=True)
    check(result.returncode == 0, f"{where}: shellcheck:\n{result.stdout}")


def check_dockerfile(source, binary):
    path = source / "deploy" / "Dockerfile"
    instructions = dockerfile_instructions(path)
    known = {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "ARG", "VOLUME", "ENTRYPOINT", "CMD", "LABEL", "USER", "EXPOSE"}
    for keyword, _ in instructions:
        check(keyword in known, f"{path}: unknown instruction {keyword}")
    check(instructions and instructions[0] == ("FROM", "debian:bookworm"), f"{path}: must build FROM debian:bookworm")

    copied = set()
    for keyword, rest in instructions:
        if keyword != "COPY":
            continue
        *sources, _ = rest.split()
        for item in sources:
            check((source / item).exists(), f"{path}: COPY {item}: no such file in the repository")
            copied.add(item.rstrip("/"))
    cmake = (source / "CMakeLists.txt").read_text()
    for folder in re.findall(r"add_subdirectory\(([\w/]+)\)", cmake):
        top = folder.split("/")[0]
        check(top in copied, f"{path}: does not COPY {top}/, which CMakeLists.txt adds")

    for keyword, rest in instructions:
        if keyword == "RUN":
            shellcheck(f"{path}: RUN {rest[:40]}...", rest, "sh")
    exec_form = {keyword: json.loads(rest) for keyword, rest in instructions if keyword in ("ENTRYPOINT", "CMD")}
    check(exec_form.get("ENTRYPOINT") == ["interleave"], f"{path}: ENTRYPOINT must be [\"interleave\"] (exec form)")
    command = exec_form.get("CMD", [])
    check(command[:1] == ["hunt"], f"{path}: the default command must be hunt")
    options = {word for word in command if word.startswith("--")}
    unknown = options - help_options(binary, "hunt")
    check(not unknown, f"{path}: `interleave hunt` has no option {sorted(unknown)}")
    arguments = dict(zip(command[1::2], command[2::2]))
    check(arguments.get("--scenarios") == "/scenarios", f"{path}: must hunt the mounted /scenarios")
    check(arguments.get("--out") == "/out", f"{path}: must write to /out")


def check_action(source, binary):
    path = source / ".github" / "actions" / "hunt" / "action.yml"
    action = yaml.safe_load(path.read_text())
    for key in ("name", "description", "inputs", "runs"):
        check(key in action, f"{path}: missing '{key}'")
    for name, spec in action.get("inputs", {}).items():
        check(isinstance(spec, dict) and spec.get("description"), f"{path}: input '{name}' has no description")
    runs = action["runs"]
    check(runs.get("using") == "composite", f"{path}: must be a composite action")
    steps = runs.get("steps", [])
    hunt_steps = []
    uploads = []
    for index, step in enumerate(steps):
        where = f"{path}: step {index} ({step.get('name', step.get('uses', '?'))})"
        check(("run" in step) != ("uses" in step), f"{where}: needs exactly one of run and uses")
        if "run" in step:
            check(step.get("shell") in ("bash", "sh"), f"{where}: a composite run step must name its shell")
            shellcheck(where, step["run"], step.get("shell", "bash"))
            if re.search(r"\bhunt\b", step["run"]) and "args=(hunt" in step["run"]:
                hunt_steps.append(index)
                used = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", step["run"]))
                unknown = used - help_options(binary, "hunt")
                check(not unknown, f"{where}: `interleave hunt` has no option {sorted(unknown)}")
        else:
            if step["uses"].startswith("actions/upload-artifact@"):
                uploads.append(step)
                check(step.get("if") == "always()", f"{where}: must upload even when hunt fails (if: always())")
    check(len(hunt_steps) == 1, f"{path}: expected one step that runs hunt, found {len(hunt_steps)}")
    paths = "\n".join(str(step.get("with", {}).get("path", "")) for step in uploads)
    for published in ("junit.xml", "index.html"):
        check(published in paths, f"{path}: no artifact publishes {published}")
    last = steps[-1] if steps else {}
    check("exit" in last.get("run", "") and "exit-code" in json.dumps(last.get("env", {})),
          f"{path}: the last step must exit with hunt's exit code")


def check_workflow(source):
    path = source / ".github" / "workflows" / "hunt.yml"
    workflow = yaml.safe_load(path.read_text())
    # PyYAML reads the bare key `on` as True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True)) or {}
    check("workflow_dispatch" in triggers, f"{path}: cannot be started by hand")
    used = [step.get("uses") for job in workflow.get("jobs", {}).values() for step in job.get("steps", [])]
    check("./.github/actions/hunt" in used, f"{path}: does not use ./.github/actions/hunt")
    for job in workflow.get("jobs", {}).values():
        check(job.get("container") == "debian:bookworm", f"{path}: the action needs a Debian bookworm container")


def planted_defects_are_found(source, binary):
    """The checks themselves: a copy of the recipes with a folder left out
    of the image and an upload that skips failed hunts must fail them."""
    import tempfile
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary)
        for item in ("CMakeLists.txt", "deploy", ".github"):
            if (source / item).is_dir():
                shutil.copytree(source / item, copy / item)
            else:
                shutil.copy(source / item, copy / item)
        for item in re.findall(r"^COPY (\S+) ", (source / "deploy" / "Dockerfile").read_text(), re.M):
            if (source / item).is_dir():
                (copy / item).mkdir(parents=True, exist_ok=True)
        dockerfile = copy / "deploy" / "Dockerfile"
        dockerfile.write_text(dockerfile.read_text().replace("COPY app app\n", ""))
        action = copy / ".github" / "actions" / "hunt" / "action.yml"
        action.write_text(action.read_text().replace("if: always()", "if: success()", 1))
        before = len(problems)
        check_dockerfile(copy, binary)
        check_action(copy, binary)
        found = problems[before:]
        del problems[before:]
    check(any("does not COPY app/" in problem for problem in found), f"a Dockerfile without app/ passed: {found}")
    check(any("if: always()" in problem for problem in found), f"an upload that skips failures passed: {found}")


def main(source, binary):
    source = Path(source)
    check_dockerfile(source, binary)
    check_action(source, binary)
    check_workflow(source)
    planted_defects_are_found(source, binary)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
