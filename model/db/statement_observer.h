#pragma once
// What a second backend running the same statements in lockstep needs to
// hear from a model session (backends/pg/mirror_session.h): when a statement
// leaves for the server — after its scheduling point, so the schedule alone
// decides the order — whether the model makes it wait, and when an injected
// fault breaks the connection.

namespace interleave::model::db {

class StatementObserver {
 public:
  virtual ~StatementObserver() = default;
  // The statement passed its scheduling point; the model runs it next.
  virtual void statement_started() = 0;
  // The model parks the statement on a lock or a transaction (told once
  // per statement, at its first park).
  virtual void statement_blocked() = 0;
  // The parked statement runs again (woken, or its deadline came), before
  // it looks at what it waited for.
  virtual void statement_resumed() = 0;
  // A fault broke the connection (kConnectionLost, kCommitOutcomeUnknown):
  // the model ended the open transaction, committed or rolled back, without
  // a statement. The mirror must end it the same way on the server.
  virtual void connection_broken(bool committed) = 0;
};

}  // namespace interleave::model::db
