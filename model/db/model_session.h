#pragma once
// One connection to the db model. See session.h for the contract.

#include "model/db/database.h"

namespace interleave::model::db {

class ModelSession final : public Session {
 public:
  ModelSession(Database& db, Execution& exec) : db_(db), exec_(exec) {}
  ~ModelSession() override;  // an open transaction is rolled back, as on disconnect

  std::vector<Row> select(std::string_view table, const Conditions& where) override;
  std::int64_t insert(std::string_view table, const Assignments& values) override;
  std::int64_t update(std::string_view table, const Assignments& set, const Conditions& where) override;
  void commit() override;
  void rollback() override;

 private:
  struct Conflict {
    TxnId wait_for = 0;                  // an unfinished transaction holds the key
    const UniqueConstraint* duplicate = nullptr;
  };

  // Starts the implicit transaction and refuses statements after an error.
  TxnId begin_statement();
  [[noreturn]] void fail(std::string_view sqlstate, const std::string& message, std::string text);
  void refuse_if_aborted(const std::string& text);
  Database::TableStore& table_or_fail(std::string_view table, const std::string& text);
  // 42703 for a column the table lacks, before anything is read or written.
  void check_columns(const TableDef& def, const std::vector<std::pair<std::string, Value>>& pairs,
                     const std::string& text);
  std::optional<Conflict> find_conflict(Database::TableStore& table, const std::vector<Value>& values);
  // Waits out unfinished duplicates; throws 23505 on a live one.
  void check_unique(Database::TableStore& table, const std::vector<Value>& values, const std::string& text);
  void wait_for(TxnId txn, std::string_view what, const std::string& text);
  bool matches(const TableDef& def, const std::vector<Value>& values, const Conditions& where) const;
  std::optional<std::size_t> newest_version(const Database::TableStore& table, std::int64_t id, TxnId me) const;

  Database& db_;
  Execution& exec_;
  TxnId txn_ = 0;
  bool aborted_ = false;
  const char* op_ = "";  // the statement's event name
};

}  // namespace interleave::model::db
