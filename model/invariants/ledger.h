#pragma once
// What each service call returned to its caller, as the callers saw it. The
// properties judge these outcomes against the state the model ends in.
// HTTP requests are recorded as exchanges (model/http); table accesses only
// when a property turned their observation on in prepare().

#include <cstddef>
#include <limits>
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

// A table a statement resolved, as model/db reports it when a property
// asks (tenant-isolation).
struct TableAccessRecord {
  ActorId actor = kNoActor;
  std::string schema;
  std::string table;
};

// One HTTP request through model/http's pipeline and the response it got.
struct HttpExchange {
  static constexpr std::size_t kOpen = std::numeric_limits<std::size_t>::max();

  ActorId actor = kNoActor;
  std::string_view route;  // a route's static name: "GET /api/v1/tenants/{tenant_slug}/products"
  std::string tenant;      // the tenant slug the request was for
  int status = 0;          // 0 while the request is in flight
  std::string detail;      // HTTPException's detail, or the unhandled error
  // When the request arrived, the tenant's deletion had completed: it was
  // soft-deleted and its schema dropped, both committed.
  bool tenant_deleted_at_start = false;
  // The request's own table accesses: those of `actor` recorded at indexes
  // [table_accesses_begin, table_accesses_end); kOpen while in flight.
  std::size_t table_accesses_begin = 0;
  std::size_t table_accesses_end = kOpen;
};

class Ledger {
 public:
  void record(CallOutcome outcome) { outcomes_.push_back(std::move(outcome)); }
  const std::vector<CallOutcome>& outcomes() const { return outcomes_; }

  // A request arrives; returns its index for close_exchange().
  std::size_t open_exchange(HttpExchange exchange) {
    exchange.table_accesses_begin = table_accesses_.size();
    exchanges_.push_back(std::move(exchange));
    return exchanges_.size() - 1;
  }
  // Its response.
  void close_exchange(std::size_t index, int status, std::string detail) {
    HttpExchange& exchange = exchanges_[index];
    exchange.status = status;
    exchange.detail = std::move(detail);
    exchange.table_accesses_end = table_accesses_.size();
  }
  const std::vector<HttpExchange>& exchanges() const { return exchanges_; }

  void record_table_access(TableAccessRecord access) { table_accesses_.push_back(std::move(access)); }
  const std::vector<TableAccessRecord>& table_accesses() const { return table_accesses_; }

 private:
  std::vector<CallOutcome> outcomes_;
  std::vector<HttpExchange> exchanges_;
  std::vector<TableAccessRecord> table_accesses_;
};

}  // namespace interleave::model
