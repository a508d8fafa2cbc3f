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
before the verdict's step, a caption per event, each step once on the axis,
the cause -> failure arrow (tenant-slug-race's and deletion-window's), one
table row per hunt entry, a bar per search that found a race and a "none in
N" row per search that did not, a colour of its own per verdict, the run's
details, every linked report present, no load errors and no off-page
references; and that
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
        self.step_labels = []  # data-step of each label of the step axis
        self.cause_titles = []  # <title> of each cause -> failure arrow
        self._in_cause = False
        self.run_details = []  # the dashboard's <dt> names

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
        elif tag == "text" and "step-label" in classes:
            self.step_labels.append(int(attributes["data-step"]))
        elif tag == "path" and "link-cause" in classes:
            self._in_cause = True
        self._tag = tag

    def handle_endtag(self, tag):
        if tag == "path":
            self._in_cause = False

    def handle_data(self, data):
        if self._in_cause and getattr(self, "_tag", "") == "title":
            self.cause_titles.append(data)
        if getattr(self, "_tag", "") == "dt":
            self.run_details.append(data)


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


def check_race_page(chromium, work, page, trace_path, screenshot="race.png", cause=None):
    """`cause`: (from actor, to actor) of the cause -> failure arrow expected."""
    with open(trace_path) as file:
        trace = json.load(file)
    # Actors without events get no lane: an empty lane says nothing.
    with_events = {trace["actors"][event["actor"]]["name"] for event in trace["events"]}
    actors = [actor["name"] for actor in trace["actors"] if actor["name"] in with_events]
    facts = open_page(chromium, work, page, os.path.join(work, screenshot))
    check(facts.body.get("data-lanes") == str(len(actors)),
          f"{page}: the page counts {facts.body.get('data-lanes')} lanes, the trace has {len(actors)} actors with events")
    check(facts.lane_actors == actors, f"{page}: lanes {facts.lane_actors}, expected one per actor with events {actors}")
    check(facts.body.get("data-violations") == "1" and len(facts.violations) == 1,
          f"{page}: expected exactly one violating event, the page marks {facts.body.get('data-violations')}")
    check(facts.violations[0] <= trace["verdict"]["step"],
          f"{page}: the marked event's step {facts.violations[0]} is after the verdict's step")
    check(facts.body.get("data-event-labels") == str(len(trace["events"])),
          f"{page}: {facts.body.get('data-event-labels')} event labels for {len(trace['events'])} events")
    steps = sorted({event["step"] for event in trace["events"]})
    check(facts.step_labels == steps, f"{page}: the step axis reads {facts.step_labels}, expected each step once: {steps}")
    if cause:
        check(facts.body.get("data-cause-links") == "1" and len(facts.cause_titles) == 1,
              f"{page}: expected one cause -> failure arrow, found {facts.body.get('data-cause-links')}")
        title = facts.cause_titles[0]
        check(title.startswith("what the failure met: " + cause[0] + " ") and (" → " + cause[1] + " ") in title,
              f"{page}: the cause arrow reads '{title}', expected {cause[0]} → {cause[1]}")


def check_dashboard(chromium, work, hunt_folder):
    page = os.path.join(hunt_folder, "index.html")
    check(os.path.isfile(page), f"{page}: hunt did not write its dashboard")
    with open(os.path.join(hunt_folder, "summary.json")) as file:
        summary = json.load(file)
    entries = len(summary)
    # Each entry's own search, and each strategy that searched its race again.
    searches = [entry for entry in summary] + [other for entry in summary for other in entry.get("other_strategies", [])]
    check(len(searches) > entries, f"{page}: hunt searched no race with another strategy")
    found = [search for search in searches if search.get("first_violation_at") is not None]
    facts = open_page(chromium, work, page, os.path.join(work, "hunt.png"))
    check(facts.body.get("data-rows") == str(entries),
          f"{page}: {facts.body.get('data-rows')} table rows for {entries} summary entries")
    # "Found after N" and "none in N" apart: a budget is not drawn as a bar.
    check(facts.body.get("data-bars") == str(len(found)),
          f"{page}: {facts.body.get('data-bars')} bars for {len(found)} searches that found a violation")
    check(facts.body.get("data-none-rows") == str(len(searches) - len(found)),
          f"{page}: {facts.body.get('data-none-rows')} 'none in N' rows for {len(searches) - len(found)} searches")
    colours = json.loads(facts.body.get("data-verdict-colours", "{}"))
    check({"holds", "race"} <= set(colours), f"{page}: rows of holding and racing variants expected, got {colours}")
    transparent = {"rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)"}
    check(not set(colours.values()) & transparent and len(set(colours.values())) == len(colours),
          f"{page}: each verdict needs a colour of its own: {colours}")
    for detail in ("started", "seed", "build", "command"):
        check(detail in facts.run_details, f"{page}: no '{detail}' among the run details {facts.run_details}")
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
    check_race_page(chromium, work, race_page, trace, cause=("api-2", "api-1"))

    hunt = os.path.join(work, "hunt")
    run([binary, "hunt", "--out", hunt, "--schedules", "2000"], 0, "hunt --schedules 2000")
    check_dashboard(chromium, work, hunt)
    # Report 002's decisive link: the DROP SCHEMA's commit -> the read that met it.
    deletion = os.path.join(hunt, "deletion-window", "seed")
    check_race_page(chromium, work, os.path.join(deletion, "report.html"), os.path.join(deletion, "trace.json"),
                    "deletion.png", ("tenant-delete-1/drop_tenant_schema", "api-1"))
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
