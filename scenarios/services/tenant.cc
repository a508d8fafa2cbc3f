// Report 000: TenantService::create_tenant.

#include "impl/tenant/tenant_service.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

void create_tenant(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "slug");
  const std::string name = argument_or(arguments, "name", slug);
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
  finish_call(world, std::move(outcome));
}

}  // namespace

ServiceDef tenant_service() {
  return {"tenant", impl::tenant_service_variants(), {{"create_tenant", "tenant", {"slug"}, {"name"}, &create_tenant}}};
}

}  // namespace interleave::scenarios
