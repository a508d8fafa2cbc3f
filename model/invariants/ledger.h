#pragma once
// What each service call returned to its caller, as the callers saw it. The
// properties judge these outcomes against the state the model ends in.
// HTTP requests are recorded as exchanges (model/http); a request's access to
// another tenant's schema only when tenant-isolation observes accesses.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/choice.h"

namespace interleave::model {

enum class CallStatus : std::uint8_t {
  kSuccess,   // returned normally
  kConflict,  // a clean, expected refusal ("already exists")
  kError,     // an unhandled exception: an HTTP 500 for the user
};

struct CallOutcome {
  ActorId actor = kNoActor;
  std::string operation;  // "create_tenant"
  std::string key;        // what the call was about: the slug
  CallStatus status = CallStatus::kSuccess;
  std::string detail;     // the returned workflow id, or the error message
};

// One HTTP request through model/http's pipeline and the response it got.
struct HttpExchange {
  ActorId actor = kNoActor;
  std::string_view route;  // a route's static name: "GET /api/v1/tenants/{tenant_slug}/products"
  std::string tenant;      // the tenant slug the request was for
  int status = 0;          // 0 while the request is in flight
  std::string detail;      // HTTPException's detail, or the unhandled error
  // When the request arrived, the tenant's deletion had completed: it was
  // soft-deleted and its schema dropped, both committed.
  bool tenant_deleted_at_start = false;
};

// A statement of a request that resolved a table in a schema that is neither
// public nor the request's tenant's (tenant-isolation's observation).
struct ForeignTableAccess {
  std::size_t exchange;  // index into exchanges()
  std::string schema;
  std::string table;
};

// What deleted-stays-deleted remembers of a tenant from the step its
// deletion was first seen (soft-delete committed, or delete_tenant returned):
// what may not change or grow afterwards.
struct DeletedTenantNote {
  std::int64_t id = 0;
  std::string slug;
  std::string schema;  // as the server names it; empty when the row names none
  bool ready_when_deleted = false;
  bool schema_seen_absent = false;  // since the deletion: a later one was created
  std::int64_t last_membership_id = 0;
  std::int64_t last_product_id = 0;
};

// A property's memory of one schedule, for properties that judge a change
// over time. Properties see the world const after every step, so this is
// mutable: it is the oracle's notebook, not state of the system under test.
struct PropertyMemory {
  std::vector<DeletedTenantNote> deleted_tenants;
  std::size_t outcomes_seen = 0;  // ledger outcomes already looked at
};

class Ledger {
 public:
  void record(CallOutcome outcome) {
    // Room for a schedule's few calls at once: growing moves every outcome.
    if (outcomes_.capacity() == 0) outcomes_.reserve(4);
    outcomes_.push_back(std::move(outcome));
  }
  const std::vector<CallOutcome>& outcomes() const { return outcomes_; }

  // A request arrives; returns its index for close_exchange().
  std::size_t open_exchange(HttpExchange exchange) {
    exchanges_.push_back(std::move(exchange));
    return exchanges_.size() - 1;
  }
  // Its response.
  void close_exchange(std::size_t index, int status, std::string detail) {
    HttpExchange& exchange = exchanges_[index];
    exchange.status = status;
    exchange.detail = std::move(detail);
  }
  const std::vector<HttpExchange>& exchanges() const { return exchanges_; }

  // The request `actor` has in flight (an actor sends one at a time), or
  // nullptr.
  const HttpExchange* open_exchange_of(ActorId actor, std::size_t* index) const {
    for (std::size_t i = exchanges_.size(); i-- > 0;) {
      if (exchanges_[i].actor == actor && exchanges_[i].status == 0) {
        *index = i;
        return &exchanges_[i];
      }
    }
    return nullptr;
  }

  void record_foreign_access(ForeignTableAccess access) { foreign_accesses_.push_back(std::move(access)); }
  const std::vector<ForeignTableAccess>& foreign_accesses() const { return foreign_accesses_; }

  PropertyMemory& memory() const { return memory_; }

 private:
  std::vector<CallOutcome> outcomes_;
  std::vector<HttpExchange> exchanges_;
  std::vector<ForeignTableAccess> foreign_accesses_;
  mutable PropertyMemory memory_;
};

}  // namespace interleave::model
