// Report 002: the tenant deletion workflow, started as the API's delete
// endpoint would, and requests to a tenant route while it runs.

#include "impl/deletion/products_route.h"
#include "impl/deletion/tenant_deletion.h"
#include "model/http/pipeline.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

std::shared_ptr<const impl::TenantDeletion> deletion_of(model::World& world, std::string_view variant) {
  return impl::make_tenant_deletion(
      variant, [&world] { return world.db.connect(); }, [&world] { return world.exec.now_ms(); });
}

// delete_tenant tenant=SLUG: starts TenantDeletionWorkflow and awaits it.
void delete_tenant(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& slug = argument(arguments, "tenant");
  record_call<NoCleanRefusal>(world, "delete_tenant", slug, [&] {
    impl::Backend backend = model_backend(world);
    return impl::delete_tenant(backend, deletion_of(world, variant), slug);
  });
}

// get_products tenant=SLUG: one request through the HTTP pipeline, which
// writes its exchange to the ledger.
void get_products(model::World& world, std::string_view variant, const Arguments& arguments) {
  model::http::serve(world, impl::products_route(deletion_of(world, variant)), argument(arguments, "tenant"));
}

}  // namespace

ServiceDef deletion_service() {
  return {"deletion",
          impl::tenant_deletion_variants(),
          {{"delete_tenant", "deletion", {"tenant"}, {}, &delete_tenant},
           {"get_products", "deletion", {"tenant"}, {}, &get_products}}};
}

}  // namespace interleave::scenarios
