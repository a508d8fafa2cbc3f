#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <cstdint>
#include <memory>

#include "impl/deletion/tenant_deletion.h"

namespace interleave::impl {

std::shared_ptr<const TenantDeletion> make_seed_tenant_deletion(model::db::Connect connect, Clock now);
std::shared_ptr<const TenantDeletion> make_fixed_tenant_deletion(model::db::Connect connect, Clock now);
std::shared_ptr<const TenantDeletion> make_hardened_tenant_deletion(model::db::Connect connect, Clock now);

// Option 1's TenantDeletionWorkflow.run (fixed.cc), which hardened keeps.
void run_soft_delete_first(model::workflows::WorkflowContext& workflow, const model::db::Connect& connect,
                           const Clock& now, std::int64_t tenant_id);

}  // namespace interleave::impl
