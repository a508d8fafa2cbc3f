#!/usr/bin/python3
"""What a run on a real PostgreSQL leaves behind when it is interrupted,
when the server goes away under it, and when runs share a server.

Usage: server_lifecycle_test.py INTERLEAVE_BINARY WORK_FOLDER

Runs under a pg_virtualenv of its own (see tests/CMakeLists.txt), so it can
stop and restart its server without disturbing the rest of the suite:

1. Ctrl-C: `explore --backend postgres` on a holding variant gets SIGINT
   mid-run and exits 130, with no interleave_* database and no connection
   of it left on the server.
2. Parallel runs: two explorations at once on one server both finish with
   exit 0 and leave nothing behind.
3. Server stopped mid-run: exit 3 with a message naming PostgreSQL; the
   server is started again, the next run works (exit 1 for a race) and
   drops the database the failed run could not drop.
4. Server restarted mid-run: exit 3 the same way; nothing left after the
   next run.
Exits non-zero with a message naming the first failed check.
"""

import json
import os
import signal
import subprocess
import sys
import time


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def psql(sql):
    return subprocess.run(["psql", "-XAtq", "-d", "postgres", "-c", sql], check=True, capture_output=True,
                          text=True).stdout.split()


def leftovers():
    databases = psql("SELECT datname FROM pg_database WHERE datname LIKE 'interleave\\_%'")
    connections = psql("SELECT pid FROM pg_stat_activity WHERE datname LIKE 'interleave\\_%' "
                       "OR application_name LIKE 'interleave keeper%'")
    return databases, connections


def expect_clean(when):
    databases, connections = leftovers()
    check(not databases and not connections,
          f"{when}: left behind databases {databases} and connections {connections}")


def cluster(action):
    subprocess.run(["pg_ctlcluster", os.environ["PGVERSION"], "regress", action, "-m", "fast"] if action == "stop"
                   else ["pg_ctlcluster", os.environ["PGVERSION"], "regress", action], check=True)


def explore_holding(binary, work, schedules=100000):
    return subprocess.Popen([binary, "explore", "tenant-slug-race", "--variant", "fixed", "--backend", "postgres",
                             "--schedules", str(schedules), "--json"], cwd=work, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_a_database(timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if leftovers()[0]:
            return
        time.sleep(0.1)
    raise CheckFailed("the exploration never created its database")


def interrupted_run(binary, work):
    run = explore_holding(binary, work)
    wait_for_a_database()
    time.sleep(1.0)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=60)
    check(run.returncode == 130, f"Ctrl-C: exit {run.returncode}, expected 130; stderr: {err}")
    check("interrupted" in err, f"Ctrl-C: no word of the interruption on stderr: {err}")
    print(f"Ctrl-C mid-run: exit 130: {err.strip()}")
    expect_clean("after Ctrl-C")


def parallel_runs(binary, work):
    runs = [explore_holding(binary, work, schedules=6) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        check(run.returncode == 0, f"parallel runs: exit {run.returncode}, expected 0; stderr: {err}")
        summary = json.loads(out)
        # schedules counts every schedule tried, those the server could not
        # follow (not_replayable) included.
        check(summary["schedules"] == 6 and summary["not_replayable"] < 6,
              f"parallel runs: not every schedule ran: {out}")
    expect_clean("after two parallel runs")


def server_goes_away(binary, work, action, race_trace):
    run = explore_holding(binary, work)
    wait_for_a_database()
    time.sleep(1.0)
    if action == "stop":
        cluster("stop")
    else:
        cluster("restart")
    out, err = run.communicate(timeout=120)
    check(run.returncode == 3, f"server {action}: exit {run.returncode}, expected 3; stderr: {err}")
    check("PostgreSQL" in err, f"server {action}: the message does not name PostgreSQL: {err}")
    print(f"server {action} mid-run: exit 3: {err.strip()}")
    if action == "stop":
        cluster("start")
    replay = subprocess.run([binary, "replay", race_trace, "--backend", "postgres", "--json"], cwd=work,
                            capture_output=True, text=True, timeout=120)
    check(replay.returncode == 1, f"after the server {action}: the next run exits {replay.returncode}, "
                                  f"expected 1; stderr: {replay.stderr}")
    check(json.loads(replay.stdout)["reproduced"], f"after the server {action}: the race did not reproduce")
    expect_clean(f"after the server {action} and one more run")


def main():
    binary, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    race = subprocess.run([binary, "explore", "tenant-slug-race", "--variant", "seed", "--out", "race"], cwd=work,
                          capture_output=True, text=True)
    check(race.returncode == 1, f"the model found no race to replay: {race.stderr}")
    race_trace = os.path.join(work, "race", "trace.json")
    expect_clean("before any run")
    interrupted_run(binary, work)
    parallel_runs(binary, work)
    server_goes_away(binary, work, "stop", race_trace)
    server_goes_away(binary, work, "restart", race_trace)
    print("server lifecycle: Ctrl-C, parallel runs, server stopped and restarted: nothing left behind")


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
