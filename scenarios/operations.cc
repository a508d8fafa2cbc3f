#include "scenarios/operations.h"

#include "scenarios/python/python_services.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

struct Registry {
  std::vector<ServiceDef> services;
  std::vector<OperationDef> operations;  // of all services, in service order
  std::vector<FixtureDef> fixtures;      // the backend's, then each service's
};

const Registry& registry() {
  static const Registry built = [] {
    Registry registry;
    registry.services = {tenant_service(), storefront_service(), deletion_service(), registration_service(), membership_service()};
    registry.fixtures = backend_fixtures();
    for (const ServiceDef& service : registry.services) {
      registry.operations.insert(registry.operations.end(), service.operations.begin(), service.operations.end());
      registry.fixtures.insert(registry.fixtures.end(), service.fixtures.begin(), service.fixtures.end());
    }
    return registry;
  }();
  return built;
}

template <typename Def>
const Def* find_by_name(const std::vector<Def>& defs, std::string_view name) {
  for (const Def& def : defs) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

}  // namespace

std::span<const ServiceDef> services() { return registry().services; }
const ServiceDef* find_service(std::string_view name) {
  if (name.starts_with(kPythonServicePrefix)) {
    return &python::python_service(std::string(name.substr(kPythonServicePrefix.size())));
  }
  return find_by_name(registry().services, name);
}
std::span<const OperationDef> operations() { return registry().operations; }
const OperationDef* find_operation(std::string_view name) { return find_by_name(registry().operations, name); }
const OperationDef* find_operation(std::string_view name, const std::vector<std::string>& services) {
  for (const std::string& service : services) {
    const ServiceDef* def = find_service(service);
    if (!def) continue;
    for (const OperationDef& operation : def->operations) {
      if (operation.name == name) return &operation;
    }
  }
  return nullptr;
}
std::span<const FixtureDef> fixtures() { return registry().fixtures; }
const FixtureDef* find_fixture(std::string_view name) { return find_by_name(registry().fixtures, name); }

std::vector<std::string_view> service_variants(std::string_view service) {
  const ServiceDef* def = find_service(service);
  return def ? def->variants : std::vector<std::string_view>{};
}

}  // namespace interleave::scenarios

namespace interleave::scenarios {

std::string_view resolve_variant(std::string_view service, std::string_view variant) {
  const ServiceDef* def = find_service(service);
  if (!def) return {};
  for (std::string_view known : def->variants) {
    if (known == variant) return known;
  }
  if (variant == "hardened") {
    for (std::string_view known : def->variants) {
      if (known == "fixed") return known;
    }
  }
  return {};
}

}  // namespace interleave::scenarios
