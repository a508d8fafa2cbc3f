#include "impl/deletion/tenant_validation.h"

#include "model/app_schema.h"
#include "model/db/value.h"
#include "model/http/http_exception.h"

namespace interleave::impl {

model::db::Row validated_tenant(std::vector<model::db::Row> found, DeletedAtCheck deleted_at) {
  namespace status = model::http::status;
  using model::db::is_null;
  using model::http::HttpException;
  if (found.empty()) throw HttpException(status::kNotFound, "Tenant not found");
  model::db::Row tenant = std::move(found.front());
  if (deleted_at == DeletedAtCheck::kGone && !is_null(tenant["deleted_at"])) {
    throw HttpException(status::kGone, "Tenant has been deleted");
  }
  // is_active is a boolean held as 1/0; NULL is falsy, as in Python.
  const model::db::Value& is_active = tenant["is_active"];
  if (is_null(is_active) || std::get<std::int64_t>(is_active) == 0) {
    throw HttpException(status::kForbidden, "Tenant is inactive");
  }
  if (tenant.text("status") != model::tenant_status::kReady) {
    throw HttpException(status::kServiceUnavailable, "Tenant is not ready");
  }
  return tenant;
}

}  // namespace interleave::impl
