#pragma once
// GET /api/v1/tenants/{tenant_slug}/products (src/app/api/routes/products.py):
//
//   @router.get("/products")
//   async def list_products(tenant = Depends(get_validated_tenant), db = Depends(get_db)):
//       await db.execute(text(f"SET search_path TO {tenant.schema_name}"))
//       return (await db.execute(select(Product))).scalars().all()
//
// The route a variant's get_validated_tenant guards; the handler is the
// same in every variant.

#include <memory>
#include <string_view>

#include "impl/deletion/tenant_deletion.h"
#include "model/http/pipeline.h"

namespace interleave::impl {

inline constexpr std::string_view kProductsRoute = "GET /api/v1/tenants/{tenant_slug}/products";

// SET search_path TO the tenant's schema, then SELECT * FROM products: two
// statements, the table found through search_path. PostgreSQL accepts a
// search_path naming a missing schema; the SELECT then fails with 42P01.
model::http::Response list_products(model::db::Session& db, const model::db::Row& tenant);

// The route as the variant's dependency guards it.
model::http::Route products_route(std::shared_ptr<const TenantDeletion> deletion);

}  // namespace interleave::impl
