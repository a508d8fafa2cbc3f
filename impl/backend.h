#pragma once
// The ports the services are written against: a db connection factory (the
// model's or libpqxx's), the workflow service, and the service's logger.

#include <functional>
#include <string>

#include "model/db/error.h"
#include "model/db/session.h"
#include "model/workflows/workflow_client.h"

namespace interleave::impl {

struct Backend {
  model::db::Connect connect;
  model::workflows::WorkflowClient& workflows;
  // logger.error(...): where a service reports what it swallowed.
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

}  // namespace interleave::impl
