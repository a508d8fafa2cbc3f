#pragma once
// Advisory-lock keys (server/src/lib/advisory-locks.ts) and the storefront
// transaction's settings.

#include <cstdint>

namespace interleave::impl {

// hashTenantStorefront(tenantId): the pg_advisory_xact_lock key that
// serializes one tenant's storefront edits. A fixed hash (FNV-1a, 64 bits)
// of "storefront:<tenantId>", so every process and every run agrees on it;
// std::hash makes no such promise.
std::int64_t hash_tenant_storefront(std::int64_t tenant_id);

// STOREFRONT_TRANSACTION_TIMEOUT_MS: Prisma's `timeout: 5000`, modeled as the
// transaction's lock_timeout.
inline constexpr std::int64_t kStorefrontTransactionTimeoutMs = 5000;

}  // namespace interleave::impl
