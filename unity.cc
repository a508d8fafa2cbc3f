#include "/work/main/model/db/sql/sql_map_dml.cc"
#include "/work/main/model/db/sql/sql_map_expression.cc"
#include "/work/main/model/db/sql/sql_reader.cc"
#include "/work/main/model/db/value.cc"
