// Report 001: RegistrationService.register and the background sweeper that
// report 001's fix relies on ("A background sweeper should retry these
// stuck tenants").

#include <stdexcept>

#include <fmt/format.h>

#include "impl/registration/registration_service.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

// The service's logger.error(...) as an event of the trace.
impl::Backend logging_backend(model::World& world) {
  impl::Backend backend = model_backend(world);
  backend.log = [&world](const std::string& line) {
    if (world.exec.recording()) world.exec.record("log.error", line, "logged");
  };
  return backend;
}

// register email=a@x slug=acme [tenant_name=Acme]
void register_user(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::string& email = argument(arguments, "email");
  const std::string& slug = argument(arguments, "slug");
  record_call<impl::RegistrationConflict>(world, "register", slug, [&] {
    auto service = impl::make_registration_service(variant, logging_backend(world));
    return service->register_user(email, argument_or(arguments, "tenant_name", slug), slug).workflow_id;
  });
}

// sweep_stuck_tenants [passes=2] [every_ms=60000]
// The real sweeper runs periodically for ever; here it makes `passes`
// passes, the first at once and each next one `every_ms` of virtual time
// later. A virtual timer fires only when nothing else can run, so every
// pass after the first sees what the requests and their workflows left
// behind, a failed start included.
void sweep_stuck_tenants(model::World& world, std::string_view variant, const Arguments& arguments) {
  // Report 001's code as reported has no sweeper: in seed this actor does
  // nothing at all.
  if (variant == "seed") return;
  record_call<NoCleanRefusal>(world, "sweep_stuck_tenants", "", [&] {
    const std::int64_t passes = integer_argument(arguments, "passes", 2);
    const std::int64_t every_ms = integer_argument(arguments, "every_ms", 60'000);
    if (passes < 1 || every_ms < 1) throw std::invalid_argument("passes and every_ms must be at least 1");
    impl::Backend backend = logging_backend(world);
    int started = 0;
    for (std::int64_t pass = 0; pass < passes; ++pass) {
      if (pass > 0) world.exec.sleep_for(every_ms);
      started += impl::sweep_stuck_tenants(backend, variant);
    }
    return fmt::format("{} pass(es), {} workflow(s) started", passes, started);
  });
}

}  // namespace

ServiceDef registration_service() {
  return {"registration",
          impl::registration_service_variants(),
          {{"register", "registration", {"email", "slug"}, {"tenant_name"}, &register_user},
           {"sweep_stuck_tenants", "registration", {}, {"passes", "every_ms"}, &sweep_stuck_tenants,
            {{"passes", {}, 1}, {"every_ms", {}, 1}}}}};
}

}  // namespace interleave::scenarios
