#pragma once
// no-5xx-during-deletion (report 002): every request for a tenant gets 200,
// 403, 404, 410 or 503 — never a 500 nor any other 5xx — before, during and
// after the tenant's deletion; and a request that arrived after the
// deletion completed (soft-deleted and schema dropped, both committed) gets
// 410 Gone or 403 Forbidden. Judged on the ledger's HTTP exchanges as each
// response goes out.

#include "model/invariants/property.h"

namespace interleave::model {

class No5xxDuringDeletion final : public Property {
 public:
  std::string_view name() const override { return "no-5xx-during-deletion"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
