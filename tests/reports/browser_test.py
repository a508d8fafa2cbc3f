#!/usr/bin/python3
"""Opens interleave's HTML reports in headless Chromium and checks them from
the page itself.

Usage: browser_test.py INTERLEAVE_BINARY WORK_FOLDER

Runs `interleave explore tenant-slug-race --variant seed`, renders its trace
with `interleave report --format html`, runs `interleave hunt`, then loads the
race report and the hunt's index.html with `chromium --headless=new
--dump-dom`. Each page's inline self-check script writes counts into <body>'s
data attributes (reports/html_page.h); this script compares them with the
trace and summary.json: one lane per actor, exactly one violating event at or
before the verdict's step, one table row and bar per hunt entry, every linked
report present, no load errors and no off-page references; and that
`interleave report HUNT_FOLDER --format html` rewrites the same index.html.
Screenshots are saved as WORK_FOLDER/race.png and WORK_FOLDER/hunt.png. Exits
non-zero with a message naming the first failed check.
"""

import html.parser
import json
import os
import shutil
import subprocess
import sys


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def run(command, expected_exit, what):
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    check(result.returncode == expected_exit,
          f"{what}: exit {result.returncode}, expected {expected_exit}\n"
          f"command: {' '.join(command)}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}")
    return result.stdout


class PageFacts(html.parser.HTMLParser):
    """What a dumped DOM shows: <body>'s data attributes, the lanes, the
    violating events and the links."""

    def __init__(self):
        super().__init__()
        self.body = {}
        self.lane_actors = []
        self.violations = []  # data-step of each violating event
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "body":
            self.body = {name: value for name, value in attrs if name.startswith("data-")}
        elif tag == "g" and "lane" in classes:
            self.lane_actors.append(attributes.get("data-actor"))
        elif tag == "g" and "event" in classes and "violation" in classes:
            self.violations.append(int(attributes["data-step"]))
        elif tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])


def browser():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise CheckFailed("no chromium on PATH: run scripts/setup (it installs Debian's chromium)")


def chromium_command(chromium, work, *flags):
    # A profile of its own, so that the test never touches the user's.
    return [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            f"--user-data-dir={os.path.join(work, 'chromium-profile')}", *flags]


def open_page(chromium, work, page, screenshot):
    url = "file://" + os.path.abspath(page)
    dom = run(chromium_command(chromium, work, "--dump-dom", url), 0, f"chromium --dump-dom {page}")
    facts = PageFacts()
    facts.feed(dom)
    check(facts.body.get("data-self-check") == "done",
          f"{page}: the page's self-check did not run (body attributes: {facts.body})")
    check(facts.body.get("data-load-errors") == "0",
          f"{page}: {facts.body.get('data-load-errors')} script or resource errors while loading")
    check(facts.body.get("data-external") == "0",
          f"{page}: {facts.body.get('data-external')} references leave the page (it must be self-contained)")
    run(chromium_command(chromium, work, f"--screenshot={screenshot}", "--window-size=1400,900", url), 0,
        f"chromium --screenshot {page}")
    with open(screenshot, "rb") as image:
        check(image.read(8) == b"\x89PNG\r\n\x1a\n", f"{screenshot}: not a PNG screenshot")
    return facts


def check_race_page(chromium, work, page, trace_path):
    with open(trace_path) as file:
        trace = json.load(file)
    actors = [actor["name"] for actor in trace["actors"]]
    facts = open_page(chromium, work, page, os.path.join(work, "race.png"))
    check(facts.body.get("data-lanes") == str(len(actors)),
          f"{page}: the page counts {facts.body.get('data-lanes')} lanes, the trace has {len(actors)} actors")
    check(facts.lane_actors == actors, f"{page}: lanes {facts.lane_actors}, expected one per actor {actors}")
    check(facts.body.get("data-violations") == "1" and len(facts.violations) == 1,
          f"{page}: expected exactly one violating event, the page marks {facts.body.get('data-violations')}")
    check(facts.violations[0] <= trace["verdict"]["step"],
          f"{page}: the marked event's step {facts.violations[0]} is after the verdict's step")


def check_dashboard(chromium, work, hunt_folder):
    page = os.path.join(hunt_folder, "index.html")
    check(os.path.isfile(page), f"{page}: hunt did not write its dashboard")
    with open(os.path.join(hunt_folder, "summary.json")) as file:
        summary = json.load(file)
    entries = len(summary)
    # One bar per entry's own search, one more per strategy that searched its race again.
    bars = entries + sum(len(entry.get("other_strategies", [])) for entry in summary)
    check(bars > entries, f"{page}: hunt searched no race with another strategy")
    facts = open_page(chromium, work, page, os.path.join(work, "hunt.png"))
    check(facts.body.get("data-rows") == str(entries),
          f"{page}: {facts.body.get('data-rows')} table rows for {entries} summary entries")
    check(facts.body.get("data-bars") == str(bars),
          f"{page}: {facts.body.get('data-bars')} bars for {bars} searches in the summary")
    reports = [link for link in facts.links if link.endswith("report.html")]
    check(reports, f"{page}: links to no race report")
    for link in reports:
        check(os.path.isfile(os.path.join(hunt_folder, link)), f"{page}: links to missing {link}")


def main(binary, work):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    chromium = browser()

    explore = os.path.join(work, "explore")
    run([binary, "explore", "tenant-slug-race", "--variant", "seed", "--out", explore], 1,
        "explore tenant-slug-race seed (a violation expected)")
    trace = os.path.join(explore, "trace.json")
    check(os.path.isfile(os.path.join(explore, "report.html")), "explore --out wrote no report.html")
    race_page = os.path.join(work, "race.html")
    run([binary, "report", trace, "--format", "html", "-o", race_page], 0, "report --format html")
    check_race_page(chromium, work, race_page, trace)

    hunt = os.path.join(work, "hunt")
    run([binary, "hunt", "--out", hunt, "--schedules", "2000"], 0, "hunt --schedules 2000")
    check_dashboard(chromium, work, hunt)
    # `report DIR --format html` rewrites the same dashboard, byte for byte.
    with open(os.path.join(hunt, "index.html"), "rb") as file:
        hunt_dashboard = file.read()
    os.remove(os.path.join(hunt, "index.html"))
    run([binary, "report", hunt, "--format", "html"], 0, "report HUNT_FOLDER --format html")
    with open(os.path.join(hunt, "index.html"), "rb") as file:
        check(file.read() == hunt_dashboard, "report DIR --format html wrote a different index.html than hunt")
    print(f"browser checks passed; screenshots {os.path.join(work, 'race.png')} and {os.path.join(work, 'hunt.png')}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        main(sys.argv[1], sys.argv[2])
    except (CheckFailed, subprocess.TimeoutExpired, OSError) as failure:
        sys.exit(f"browser_test: FAILED: {failure}")
