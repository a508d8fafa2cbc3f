#pragma once
// A program for report 002's tests: tenants acme and globex as `given
// tenant` builds them, then an admin deleting acme through the variant's
// TenantDeletionWorkflow while requests go through the HTTP pipeline. The
// route is the variant's products route unless a test plants another
// handler; the named properties judge every step, as in a scenario.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/program.h"
#include "impl/deletion/products_route.h"
#include "impl/deletion/tenant_deletion.h"
#include "model/http/pipeline.h"
#include "model/invariants/property.h"
#include "model/world.h"
#include "scenarios/operations.h"

namespace interleave::test_support {

struct DeletionWorkload {
  std::string variant = "seed";
  bool delete_acme = true;
  std::vector<std::string> requests;  // the tenant slug of each get_products request
  // The handler behind the variant's validation; empty: list_products.
  std::function<model::http::Response(model::db::Session&, const model::db::Row&)> handler;
};

class DeletionProgram final : public Program {
 public:
  DeletionProgram(DeletionWorkload workload, const std::vector<std::string>& properties)
      : workload_(std::move(workload)) {
    for (const std::string& name : properties) properties_.push_back(model::make_property(name));
  }

  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    for (const auto& property : properties_) property->prepare(*world_);
    model::World* world = world_.get();
    deletion_ = impl::make_tenant_deletion(
        workload_.variant, [world] { return world->db.connect(); }, [world] { return world->exec.now_ms(); });
    route_ = impl::products_route(deletion_);
    if (workload_.handler) route_.handler = workload_.handler;
    exec.spawn({.name = "setup", .kind = "setup"}, [this, &exec] {
      for (const char* slug : {"acme", "globex"}) scenarios::find_fixture("tenant")->run(*world_, {{"slug", slug}});
      spawn_actors(exec);
    });
  }

  std::optional<Violation> check_step() override {
    for (const auto& property : properties_) {
      if (auto violation = property->check_step(*world_)) return violation;
    }
    return std::nullopt;
  }
  std::optional<Violation> check_quiescent() override {
    for (const auto& property : properties_) {
      if (auto violation = property->check_quiescent(*world_)) return violation;
    }
    return std::nullopt;
  }

  model::World& world() { return *world_; }
  // What the admin's delete_tenant raised, if anything.
  const std::optional<std::string>& deletion_error() const { return deletion_error_; }

 private:
  void spawn_actors(Execution& exec) {
    if (workload_.delete_acme) {
      exec.spawn({.name = "admin", .kind = "request"}, [this] {
        impl::Backend backend{[world = world_.get()] { return world->db.connect(); }, world_->workflows};
        try {
          impl::delete_tenant(backend, deletion_, "acme");
        } catch (const std::exception& error) {
          deletion_error_ = error.what();
        }
      });
    }
    for (std::size_t i = 0; i < workload_.requests.size(); ++i) {
      exec.spawn({.name = "api-" + std::to_string(i + 1), .kind = "request"},
                 [this, i] { model::http::serve(*world_, route_, workload_.requests[i]); });
    }
  }

  DeletionWorkload workload_;
  std::vector<std::unique_ptr<model::Property>> properties_;
  std::unique_ptr<model::World> world_;
  std::shared_ptr<const impl::TenantDeletion> deletion_;
  model::http::Route route_;
  std::optional<std::string> deletion_error_;
};

// Runs `program` once under `strategy` (begin_schedule already called);
// `inspect` sees the world and the events while the execution still exists.
inline Verdict run_deletion(DeletionProgram& program, Strategy& strategy, bool record_events,
                            const std::function<void(model::World&, const std::vector<Event>&)>& inspect = {}) {
  Execution exec(strategy, {}, record_events);
  exec.run(program);
  if (inspect) inspect(program.world(), exec.events());
  return exec.verdict();
}

}  // namespace interleave::test_support
