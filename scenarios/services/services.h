#pragma once
// One definition per service of DESIGN.md §5, each in its own file, and the
// fixtures every scenario may use.

#include <vector>

#include "scenarios/operations.h"

namespace interleave::scenarios {

ServiceDef tenant_service();        // report 000: create_tenant
std::vector<FixtureDef> backend_fixtures();  // users, tenants, memberships

}  // namespace interleave::scenarios
