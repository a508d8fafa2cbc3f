#pragma once
// The ports the services are written against: a db connection factory (the
// model's or libpqxx's) and the workflow service.

#include "model/db/session.h"
#include "model/workflows/workflow_engine.h"

namespace interleave::impl {

struct Backend {
  model::db::Connect connect;
  model::workflows::WorkflowEngine& workflows;
};

}  // namespace interleave::impl
