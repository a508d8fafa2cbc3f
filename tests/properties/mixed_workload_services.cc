#include "tests/properties/mixed_workload_services.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "scenarios/catalogue.h"
#include "scenarios/operations.h"

namespace interleave::test_support {

namespace {

struct ServiceTraits {
  std::string_view name;
  std::vector<std::string_view> properties;
  bool starts_workflows = true;
  // The fault kinds the catalogue injects into a scenario where this
  // service's holding variant holds: tenant-slug-race and slug-contention
  // (tenant), ghost-workflow, tenant-lifecycle and slug-contention
  // (registration), deletion-window and tenant-lifecycle (deletion),
  // membership-retry and slug-contention (membership).
  std::vector<std::string_view> faults;
};

// Report 000's create_tenant is not claimed to withstand an unreachable
// workflow service (it answers with an unhandled error) nor a crashed
// worker (its single-attempt provisioning workflow fails after
// create_tenant reported success), nor report 001's workflow a crashed
// worker (the tenant stays provisioning): mixes with those are findings,
// not regressions, so the generator leaves them out.
const std::vector<ServiceTraits>& all_traits() {
  static const std::vector<ServiceTraits> traits = {
      {"tenant", {"unique-slugs", "eventual-provisioning"}, true, {"lost_activity_completion"}},
      {"storefront", {"unique-section-ids"}, false, {}},
      {"deletion", {"no-5xx-during-deletion", "tenant-isolation"}, true, {"service_unavailable"}},
      {"registration",
       {"no-ghost-workflows", "eventual-provisioning"},
       true,
       {"service_unavailable", "lost_activity_completion"}},
      {"membership", {"idempotent-membership"}, true, {"lost_activity_completion", "worker_crash"}},
  };
  return traits;
}

const ServiceTraits& traits_of(std::string_view service) {
  for (const ServiceTraits& traits : all_traits()) {
    if (traits.name == service) return traits;
  }
  throw std::invalid_argument(fmt::format("no mixed-workload traits for service '{}'", service));
}

}  // namespace

bool contains(const ServiceSet& services, std::string_view service) {
  return std::find(services.begin(), services.end(), service) != services.end();
}

ServiceSet mixable_services() {
  ServiceSet names;
  for (const scenarios::ServiceDef& service : scenarios::services()) names.push_back(service.name);
  return names;
}

std::vector<ServiceSet> service_sets(const std::function<bool(const ServiceSet&)>& keep) {
  const ServiceSet all = mixable_services();
  std::vector<ServiceSet> sets;
  for (std::size_t size = 1; size <= 3; ++size) {
    std::vector<bool> chosen(all.size(), false);
    std::fill(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(size), true);
    do {
      ServiceSet set;
      for (std::size_t i = 0; i < all.size(); ++i) {
        if (chosen[i]) set.push_back(all[i]);
      }
      if (keep(set)) sets.push_back(std::move(set));
    } while (std::prev_permutation(chosen.begin(), chosen.end()));
  }
  return sets;
}

std::vector<std::string> properties_of(const ServiceSet& services) {
  std::vector<std::string> properties;
  for (std::string_view service : services) {
    for (std::string_view property : traits_of(service).properties) {
      if (std::find(properties.begin(), properties.end(), property) == properties.end()) {
        properties.emplace_back(property);
      }
    }
  }
  return properties;
}

std::vector<std::string> operations_of(const ServiceSet& services) {
  std::vector<std::string> names;
  for (const scenarios::OperationDef& operation : scenarios::operations()) {
    if (contains(services, operation.service)) names.emplace_back(operation.name);
  }
  return names;
}

std::vector<std::string> fault_kinds_for(const ServiceSet& services) {
  std::vector<std::string> kinds;
  const bool any_workflows = std::any_of(services.begin(), services.end(), [](std::string_view service) {
    return traits_of(service).starts_workflows;
  });
  if (!any_workflows) return kinds;
  // A fault hits whichever workflow meets it first, so every service that
  // starts workflows must withstand it.
  for (std::string_view kind : scenarios::fault_kind_names()) {
    const bool withstood = std::all_of(services.begin(), services.end(), [&](std::string_view service) {
      const ServiceTraits& traits = traits_of(service);
      return !traits.starts_workflows || std::find(traits.faults.begin(), traits.faults.end(), kind) != traits.faults.end();
    });
    if (withstood) kinds.emplace_back(kind);
  }
  return kinds;
}

std::string_view caller_role(std::string_view operation) {
  if (operation == "create_tenant") return "api";
  if (operation == "register") return "signup";
  if (operation == "sweep_stuck_tenants") return "sweeper";
  if (operation == "delete_tenant") return "admin";
  if (operation == "get_products") return "request";
  if (operation == "create_admin_membership") return "membership";
  if (operation == "update_page_section") return "agent";
  if (operation == "discard_draft") return "owner";
  throw std::invalid_argument(fmt::format("no caller role for operation '{}'", operation));
}

}  // namespace interleave::test_support
