#pragma once
// One factory per variant; each lives in its own file so it reads like the
// report's code.

#include <memory>

#include "impl/storefront/storefront_executor.h"

namespace interleave::impl {

std::unique_ptr<StorefrontExecutor> make_seed_storefront_executor(Backend backend);
std::unique_ptr<StorefrontExecutor> make_fixed_storefront_executor(Backend backend);
std::unique_ptr<StorefrontExecutor> make_alt_storefront_executor(Backend backend);

}  // namespace interleave::impl
