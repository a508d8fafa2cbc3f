#pragma once
// Generated report-001 workloads, shared by the no-ghost-workflows and
// eventual-provisioning properties: a few registrations over two emails and
// two slugs (so some conflict), the sweeper or not, the workflow service
// unreachable once or not, and a schedule.

#include <rapidcheck.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "scenarios/catalogue.h"
#include "scenarios/scenario.h"
#include "tests/properties/generated_scenario.h"

namespace interleave::test_support {

struct Registration {
  std::string email;
  std::string slug;
};

// How RapidCheck prints a counterexample's registrations.
inline void showValue(const Registration& registration, std::ostream& os) {
  os << "register(" << registration.email << ", " << registration.slug << ")";
}

struct RegistrationWorkload {
  std::vector<Registration> registrations;
  bool sweeper = true;
  bool start_may_fail = true;  // fault service_unavailable, once at most
  std::vector<std::uint32_t> schedule;
};

// Up to `max_registrations` registrations (at least one).
inline RegistrationWorkload generate_registration_workload(int max_registrations = 3) {
  RegistrationWorkload workload;
  const auto registration = rc::gen::build<Registration>(
      rc::gen::set(&Registration::email, rc::gen::element<std::string>("a@x", "b@x")),
      rc::gen::set(&Registration::slug, rc::gen::element<std::string>("acme", "globex")));
  const int count = *rc::gen::inRange(1, max_registrations + 1);
  workload.registrations = *rc::gen::container<std::vector<Registration>>(count, registration);
  workload.sweeper = *rc::gen::arbitrary<bool>();
  workload.start_may_fail = *rc::gen::arbitrary<bool>();
  workload.schedule = generate_schedule();
  return workload;
}

inline scenarios::Scenario registration_scenario(const RegistrationWorkload& workload, const std::string& property) {
  scenarios::Scenario scenario;
  scenario.name = "generated-registrations";
  scenario.services = {"registration"};
  scenario.properties = {property};
  scenario.variants = {"seed", "fixed"};
  scenario.expectations = {{.variant = "seed", .holds = false, .property = property}, {.variant = "fixed"}};
  if (workload.start_may_fail) scenario.faults = {.kinds = {"service_unavailable"}, .max = 1};
  for (std::size_t i = 0; i < workload.registrations.size(); ++i) {
    const Registration& registration = workload.registrations[i];
    scenario.actors.push_back({"api-" + std::to_string(i + 1),
                               "register",
                               {{"email", {registration.email}}, {"slug", {registration.slug}}},
                               {}});
  }
  // One fault at most, so two passes always follow a failed start.
  if (workload.sweeper) scenario.actors.push_back({"sweeper", "sweep_stuck_tenants", {{"passes", {"2"}}}, {}});
  scenarios::validate(scenario);
  return scenario;
}

}  // namespace interleave::test_support
