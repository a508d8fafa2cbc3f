// Report 000: TenantService::create_tenant.

#include "impl/tenant/tenant_service.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

void create_tenant(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "slug");
  const std::string name = argument_or(arguments, "name", slug);
  record_answer<impl::TenantAlreadyExists>(world, "create_tenant", slug, [&] {
    return impl::make_tenant_service(variant, model_backend(world))->create_tenant(name, slug);
  });
}

}  // namespace

ServiceDef tenant_service() {
  return {"tenant", impl::tenant_service_variants(), {{"create_tenant", "tenant", {"slug"}, {"name"}, &create_tenant}}};
}

}  // namespace interleave::scenarios
