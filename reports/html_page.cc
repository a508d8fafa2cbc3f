#include "reports/html_page.h"

#include <fmt/format.h>

namespace interleave::reports {
namespace {

// Listens before anything else is parsed: the capture phase also sees the
// error events of images and scripts that fail to load, which do not bubble.
constexpr std::string_view kErrorListener = R"(<script>
document.documentElement.dataset.loadErrors = "0";
window.addEventListener("error", function () {
  var root = document.documentElement;
  root.dataset.loadErrors = String(Number(root.dataset.loadErrors) + 1);
  if (document.body) document.body.dataset.loadErrors = root.dataset.loadErrors;
}, true);
</script>
)";

// Runs synchronously at the end of <body>, so the counts describe the whole
// parsed document whenever the browser dumps it.
constexpr std::string_view kSelfCheck = R"(<script>
(function () {
  var body = document.body;
  function count(selector) { return String(document.querySelectorAll(selector).length); }
  var external = 0;
  document.querySelectorAll("[src], [href]").forEach(function (element) {
    var target = element.getAttribute("src") || element.getAttribute("href") || "";
    var local = target.charAt(0) === "#" || /^[\w.\/-]*report\.html$/.test(target);
    if (!local) external += 1;
  });
  body.dataset.lanes = count("g.lane");
  body.dataset.violations = count("g.event.violation");
  body.dataset.rows = count("tr.row");
  body.dataset.bars = count("rect.bar");
  body.dataset.noneRows = count("tr.none-row");
  body.dataset.eventLabels = count("g.event text.event-label");
  body.dataset.causeLinks = count("path.link-cause");
  // The colours a reader sees, as the browser computed them.
  var colours = {};
  document.querySelectorAll("tr.row").forEach(function (row) {
    var kind = (row.className.match(/verdict-(\w+)/) || [])[1];
    if (kind) colours[kind] = getComputedStyle(row.cells[0]).backgroundColor;
  });
  body.dataset.verdictColours = JSON.stringify(colours);
  body.dataset.external = String(external);
  body.dataset.loadErrors = document.documentElement.dataset.loadErrors;
  body.dataset.selfCheck = "done";
})();
</script>
)";

constexpr std::string_view kStyle = R"(<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
code, pre, .mono { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; }
blockquote { border-left: 4px solid #c62828; margin: 0.6em 0; padding: 0.2em 0.8em; background: #fff4f4; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
tr.violation td { background: #ffe0e0; } tr:target td { outline: 2px solid #1565c0; }
td.num { text-align: right; } .unexpected { color: #b71c1c; font-weight: bold; }
.scroll { overflow-x: auto; border: 1px solid #ddd; }
.legend { display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; } .legend span { white-space: nowrap; }
.verdicts td:nth-child(-n+2) { white-space: nowrap; }
svg text { font: 11px ui-monospace, monospace; fill: #333; }
svg .lane-band { fill: #fafafa; stroke: #e0e0e0; } svg .lane:nth-child(even) .lane-band { fill: #f2f5fa; }
svg .blocked { fill: #ffb74d; fill-opacity: 0.45; stroke: #ef6c00; stroke-dasharray: 3 2; }
svg .event circle, svg .event rect, svg .event polygon { stroke: #333; stroke-width: 1; }
svg .kind-db circle { fill: #90caf9; } svg .kind-commit rect { fill: #2e7d32; }
svg .kind-rollback rect { fill: #fff; stroke: #c62828; stroke-width: 2; } svg .kind-lock polygon { fill: #8e24aa; }
svg .kind-http circle { fill: #ffd54f; } svg .kind-workflow circle, svg .kind-activity circle { fill: #a5d6a7; }
svg .kind-call circle { fill: #e0e0e0; } svg .kind-other circle { fill: #fff; }
svg .violation .ring { fill: none; stroke: #d50000; stroke-width: 3; } svg .violation-label { fill: #d50000; font-weight: bold; }
svg .link { fill: none; stroke-width: 1.4; } svg .link-start { stroke: #2e7d32; }
svg .link-http { stroke: #f9a825; stroke-dasharray: 4 2; } svg .link-commit { stroke: #1565c0; stroke-dasharray: 6 3; }
svg .link-cause { stroke: #d50000; stroke-width: 2.5; } svg .arrow-head-cause { fill: #d50000; }
svg .event-label { font-size: 10px; fill: #444; } svg .step-tick { stroke: #ddd; } svg .step-label { fill: #555; }
svg.swimlane { display: block; }
svg .arrow-head-start { fill: #2e7d32; } svg .arrow-head-http { fill: #f9a825; } svg .arrow-head-commit { fill: #1565c0; }
svg .bar.violation-bar { fill: #e57373; }
tr.verdict-holds td, .swatch.verdict-holds { background: #e8f5e9; } tr.verdict-race td, .swatch.verdict-race { background: #ffebee; }
tr.verdict-divergence td, .swatch.verdict-divergence { background: #f3e5f5; } tr.verdict-other td, .swatch.verdict-other { background: #eceff1; }
tr.row[data-as-expected="false"] td { border-top: 2px solid #b71c1c; border-bottom: 2px solid #b71c1c; }
.swatch { padding: 0 0.4em; border: 1px solid #ccc; } p.all-as-expected { color: #1b5e20; font-weight: bold; }
tr.none-row td { background: #e8f5e9; }
dl.run { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; } dl.run dd { margin: 0; }
</style>
)";

}  // namespace

std::string html_page(std::string_view title, std::string_view body_html) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n{}{}"
      "</head>\n<body>\n{}{}</body>\n</html>\n",
      escape_markup(title), kErrorListener, kStyle, body_html, kSelfCheck);
}

}  // namespace interleave::reports
