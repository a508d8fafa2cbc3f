#pragma once
// What a generated mixed workload needs to know of the services beyond the
// operation registry: the properties that judge each service's calls, the
// fault kinds the catalogue claims each service's fixes withstand, and the
// sets of services a mix may combine.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::test_support {

// Service names in the registry's order.
using ServiceSet = std::vector<std::string_view>;

bool contains(const ServiceSet& services, std::string_view service);

// The services a mix may draw from, in the registry's order.
ServiceSet mixable_services();

// Every set of one to three services that `keep` accepts, smallest first
// (RapidCheck shrinks a drawn index toward the front).
std::vector<ServiceSet> service_sets(const std::function<bool(const ServiceSet&)>& keep);

// The properties that judge these services' calls (DESIGN.md §6), each once.
std::vector<std::string> properties_of(const ServiceSet& services);

// The operations of these services, in the registry's order.
std::vector<std::string> operations_of(const ServiceSet& services);

// The fault kinds a mix of these services may inject: those the catalogue
// injects beside every one of them that starts workflows. Empty when none
// starts a workflow.
std::vector<std::string> fault_kinds_for(const ServiceSet& services);

// "signup" for register, "admin" for delete_tenant, ...: actor names that
// read like the catalogue's.
std::string_view caller_role(std::string_view operation);

}  // namespace interleave::test_support
