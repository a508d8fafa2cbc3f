#include "scenarios/operations.h"

#include <fmt/format.h>

#include "impl/tenant/tenant_service.h"

namespace interleave::scenarios {

namespace {

impl::Backend model_backend(model::World& world) {
  return {[&world] { return world.db.connect(); }, world.workflows};
}

const std::string& argument(const Arguments& arguments, std::string_view name) {
  return arguments.find(name)->second;  // validated: required arguments are present
}

void create_tenant(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "slug");
  auto found = arguments.find("name");
  const std::string name = found != arguments.end() ? found->second : slug;
  model::CallOutcome outcome{world.exec.current(), "create_tenant", slug};
  try {
    auto service = impl::make_tenant_service(variant, model_backend(world));
    outcome.detail = service->create_tenant(name, slug);
    outcome.status = model::CallStatus::kSuccess;
  } catch (const impl::TenantAlreadyExists& conflict) {
    outcome.status = model::CallStatus::kConflict;
    outcome.detail = conflict.what();
  } catch (const std::exception& error) {
    outcome.status = model::CallStatus::kError;
    outcome.detail = error.what();
  }
  if (world.exec.recording()) {
    static constexpr std::string_view kStatus[] = {"ok", "conflict", "unhandled error"};
    world.exec.record("call.return", "create_tenant",
                      fmt::format("{}: {}", kStatus[static_cast<int>(outcome.status)], outcome.detail));
  }
  world.ledger.record(std::move(outcome));
}

const std::vector<OperationDef>& table() {
  static const std::vector<OperationDef> defs = {
      {"create_tenant", "tenant", {"slug"}, {"name"}, &create_tenant},
  };
  return defs;
}

}  // namespace

std::span<const OperationDef> operations() { return table(); }

const OperationDef* find_operation(std::string_view name) {
  for (const OperationDef& def : table()) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

std::vector<std::string_view> service_variants(std::string_view service) {
  if (service == "tenant") return impl::tenant_service_variants();
  return {};
}

}  // namespace interleave::scenarios
