#!/usr/bin/env python3
"""The engines that run `interleave explore --shard I/N`: the CI matrix
workflow and the Kubernetes indexed Job must parse as YAML, agree on N with
themselves, pass every shard index exactly once, and call only options the
built `interleave` accepts.

Usage: check_shard_engines.py SOURCE_DIR INTERLEAVE_BINARY
"""

import re
import subprocess
import sys
from pathlib import Path

import yaml

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def command_lines(script, command):
    """The `interleave COMMAND ...` invocations of a shell script, with their
    backslash continuations joined."""
    joined = re.sub(r"\\\n\s*", " ", script)
    return [line for line in joined.splitlines() if re.search(rf"\binterleave {command}\b", line)]


def options_of(line):
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", line))


def help_options(binary, command):
    help_text = subprocess.run([binary, command, "--help"], capture_output=True, text=True, check=True).stdout
    return options_of(help_text)


def check_options(where, script, binary):
    used = {"explore": set(), "merge": set()}
    for command in used:
        for line in command_lines(script, command):
            used[command] |= options_of(line)
        unknown = used[command] - help_options(binary, command)
        check(not unknown, f"{where}: `interleave {command}` has no option {sorted(unknown)}")
    return used


def check_workflow(path, binary):
    workflow = yaml.safe_load(path.read_text())
    jobs = workflow["jobs"]
    check({"plan", "explore", "merge"} <= set(jobs), f"{path}: expected jobs plan, explore and merge")
    # PyYAML reads the bare key `on` as True (YAML 1.1).
    triggers = workflow.get("on", workflow.get(True))
    check("workflow_dispatch" in triggers, f"{path}: cannot be started by hand")

    # The plan job's output, run as bash would, gives the matrix: 0..N-1.
    indices_step = jobs["plan"]["steps"][0]["run"]
    for shards in (1, 4, 256):
        out = subprocess.run(["bash", "-c", indices_step.replace('"$GITHUB_OUTPUT"', "/dev/stdout")],
                             env={"SHARDS": str(shards), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
        check(out.returncode == 0 and out.stdout.strip() == f"indices=[{','.join(map(str, range(shards)))}]",
              f"{path}: plan gives {out.stdout.strip()!r} for {shards} shards")
    refused = subprocess.run(["bash", "-c", indices_step], env={"SHARDS": "0", "PATH": "/usr/bin:/bin"},
                             capture_output=True, text=True)
    check(refused.returncode != 0, f"{path}: plan accepts 0 shards")

    explore = jobs["explore"]
    check(explore["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.indices) }}",
          f"{path}: the matrix is not the plan's shard indices")
    script = "\n".join(step.get("run", "") for step in explore["steps"])
    check("scripts/setup" in script, f"{path}: explore does not run scripts/setup")
    check('--shard "${{ matrix.shard }}/$SHARDS"' in script, f"{path}: explore does not pass --shard I/N")
    uploads = [step for step in explore["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    check(uploads and uploads[0]["with"]["name"] == "explore-shard-${{ matrix.shard }}",
          f"{path}: each shard must upload its result as explore-shard-I")
    used = check_options(f"{path} (explore)", script, binary)
    check({"--shard", "--json", "--out"} <= used["explore"], f"{path}: explore lacks --shard, --json or --out")

    merge = jobs["merge"]
    check(merge["needs"] == "explore", f"{path}: merge must wait for every shard")
    downloads = [step for step in merge["steps"] if step.get("uses", "").startswith("actions/download-artifact")]
    check(downloads and downloads[0]["with"]["pattern"] == "explore-shard-*",
          f"{path}: merge must download every explore-shard-I")
    merge_script = "\n".join(step.get("run", "") for step in merge["steps"])
    check(command_lines(merge_script, "merge"), f"{path}: the merge job does not run `interleave merge`")
    check_options(f"{path} (merge)", merge_script, binary)


def env_of(container):
    return {variable["name"]: variable.get("value") for variable in container.get("env", [])}


def check_indexed_job(path, merge_path, binary):
    documents = [document for document in yaml.safe_load_all(path.read_text()) if document]
    claims = [document for document in documents if document["kind"] == "PersistentVolumeClaim"]
    jobs = [document for document in documents if document["kind"] == "Job"]
    check(len(claims) == 1 and len(jobs) == 1, f"{path}: expected one PersistentVolumeClaim and one Job")
    if len(claims) != 1 or len(jobs) != 1:
        return
    claim = claims[0]["metadata"]["name"]
    spec = jobs[0]["spec"]
    check(spec.get("completionMode") == "Indexed", f"{path}: the Job is not Indexed")
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    shards = env_of(container).get("SHARDS")
    check(shards is not None and spec["completions"] == spec["parallelism"] == int(shards),
          f"{path}: completions {spec['completions']}, parallelism {spec['parallelism']} and SHARDS {shards} differ")
    check(pod["restartPolicy"] == "Never", f"{path}: podFailurePolicy needs restartPolicy Never")
    script = "\n".join(container["command"] + container["args"])
    check('--shard "$JOB_COMPLETION_INDEX/$SHARDS"' in script, f"{path}: the pod does not run its own shard")
    used = check_options(str(path), script, binary)
    check({"--shard", "--json"} <= used["explore"], f"{path}: explore lacks --shard or --json")
    check([volume["persistentVolumeClaim"]["claimName"] for volume in pod["volumes"]] == [claim],
          f"{path}: the pods do not write to the claim {claim}")

    merge_job = yaml.safe_load(merge_path.read_text())
    merge_pod = merge_job["spec"]["template"]["spec"]
    check([volume["persistentVolumeClaim"]["claimName"] for volume in merge_pod["volumes"]] == [claim],
          f"{merge_path}: does not read the claim {claim}")
    merge_container = merge_pod["containers"][0]
    merge_script = "\n".join(merge_container["command"] + merge_container["args"])
    check(command_lines(merge_script, "merge"), f"{merge_path}: does not run `interleave merge`")
    check_options(str(merge_path), merge_script, binary)
    check(merge_job["metadata"]["name"] in path.read_text(), f"{path}: its comment does not say how to merge")


def main():
    source, binary = Path(sys.argv[1]), sys.argv[2]
    check_workflow(source / ".github/workflows/explore-shards.yml", binary)
    kubernetes = source / "deploy/kubernetes"
    check_indexed_job(kubernetes / "explore-shards-job.yaml", kubernetes / "explore-shards-merge-job.yaml", binary)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("explore-shards workflow and Kubernetes Job: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
