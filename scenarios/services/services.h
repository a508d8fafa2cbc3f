#pragma once
// One definition per service of DESIGN.md §5, each in its own file, and the
// fixtures every scenario may use.

#include <vector>

#include "scenarios/operations.h"

namespace interleave::scenarios {

ServiceDef tenant_service();        // report 000: create_tenant
ServiceDef registration_service();  // report 001: register, sweep_stuck_tenants
ServiceDef membership_service();    // report 003: create_admin_membership
ServiceDef deletion_service();      // report 002: delete_tenant, get_products
ServiceDef storefront_service();    // report 004: update_page_section, discard_draft
std::vector<FixtureDef> backend_fixtures();  // users, tenants, memberships

}  // namespace interleave::scenarios
