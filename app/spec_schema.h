#pragma once
// The app's tables as an isolation spec needs them (reports/spec_sql.h):
// their CREATE TABLE from backends/pg/ddl.h, the same SQL the PostgreSQL backend
// runs, and how the trace writes each column's values. Here because reports
// never link the model.

#include "reports/spec_sql.h"

namespace interleave::app {

// model::app_tables() (created by a spec's setup) and every table a service
// creates in a tenant's schema (model::kProducts).
reports::SpecSchema app_spec_schema();

}  // namespace interleave::app
