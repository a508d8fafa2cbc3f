#include "impl/deletion/products_route.h"

#include "model/http/http_exception.h"

namespace interleave::impl {

model::http::Response list_products(model::db::Session& db, const model::db::Row& tenant) {
  db.set_search_path({tenant.text("schema_name")});
  db.select("products", {});
  return {model::http::status::kOk, ""};
}

model::http::Route products_route(std::shared_ptr<const TenantDeletion> deletion) {
  return {kProductsRoute,
          [deletion = std::move(deletion)](model::db::Session& db, const std::string& tenant_slug) {
            return deletion->get_validated_tenant(db, tenant_slug);
          },
          &list_products};
}

}  // namespace interleave::impl
