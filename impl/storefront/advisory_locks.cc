#include "impl/storefront/advisory_locks.h"

#include <string>

namespace interleave::impl {

std::int64_t hash_tenant_storefront(std::int64_t tenant_id) {
  constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ull;
  constexpr std::uint64_t kFnvPrime = 1099511628211ull;
  std::uint64_t hash = kFnvOffsetBasis;
  for (char c : "storefront:" + std::to_string(tenant_id)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return static_cast<std::int64_t>(hash);  // bigint: the same 64 bits, two's complement
}

}  // namespace interleave::impl
