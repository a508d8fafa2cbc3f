#pragma once
// What every HTML report page shares: the self-contained page
// around a body (inline CSS and a self-check script, no network fetches).
//
// The self-check script writes what a headless browser test needs into the
// <body>'s data attributes once the page has been parsed:
//   data-lanes         number of <g class="lane"> elements (swimlane lanes)
//   data-violations    number of swimlane events of class "violation"
//   data-rows          number of <tr class="row"> elements (dashboard rows)
//   data-bars          number of <rect class="bar"> elements (dashboard bars:
//                      searches that found a violation)
//   data-none-rows     number of <tr class="none-row"> (searches that found none)
//   data-event-labels  number of captions of swimlane events
//   data-cause-links   number of <path class="link-cause"> (cause -> failure)
//   data-verdict-colours  {"holds": "rgb(...)", "race": ...}: the computed
//                      background of the dashboard's rows by verdict
//   data-external      number of src/href attributes pointing off the page
//                      other than relative links to sibling reports
//   data-load-errors   script errors and failed resource loads
//   data-self-check    "done" when the script ran to its end

#include <string>
#include <string_view>

#include "reports/markup_escape.h"

namespace interleave::reports {

// A complete HTML document: <!DOCTYPE html>, a <head> with `title` (escaped
// here) and the shared stylesheet, then `body_html` (already escaped by the
// caller) and the self-check script.
std::string html_page(std::string_view title, std::string_view body_html);

}  // namespace interleave::reports
