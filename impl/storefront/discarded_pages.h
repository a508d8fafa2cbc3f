#pragma once
// What discard_draft does in memory between its read and its write: every
// page keeps its name and loses its sections, so the storefront starts
// again from its pages' empty templates. Every variant runs exactly this;
// they differ in what protects it.

#include <string>

#include <nlohmann/json.hpp>

#include "impl/storefront/storefront_executor.h"

namespace interleave::impl {

// The pages to write: the same names, no sections. `pages` is left as it was.
nlohmann::json discarded_pages(const nlohmann::json& pages);

// The executor's answer for a discard that was saved.
DiscardDraftResult discard_result(const nlohmann::json& pages, const std::string& slug);

}  // namespace interleave::impl
