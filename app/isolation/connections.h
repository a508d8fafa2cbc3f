#pragma once
// The connections isolationtester drives, as the tester (tester.h) sees
// them: connection 0 is the control connection (setup, teardown), 1..n the
// spec's sessions. A backend (the model: model_connections.h) runs the
// statements; the tester decides what to send when and prints.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace interleave::app::isolation {

// What a connection received from the server, in arrival order.
struct Received {
  enum class Kind { kNotice, kResult, kError };
  Kind kind = Kind::kResult;
  // kNotice: the message as libpq formats it ("NOTICE:  drop cascades to ...\n",
  // DETAIL lines included); kResult: the result set as isolationtester
  // prints it ("" for a command that returns no rows); kError: "ERROR:  message\n".
  std::string text;
};

// Nothing can ever finish the step the tester waits for: every session
// with a running step is blocked and no timer is due.
class StuckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Connections {
 public:
  virtual ~Connections() = default;
  // Runs `sql` on `connection` until it finished (setup, teardown); what
  // it received.
  virtual std::vector<Received> run(std::size_t connection, const std::string& sql) = 0;
  // Sends a step's sql; returns once every connection settled (finished or
  // blocked), with no time passing.
  virtual void send(std::size_t connection, const std::string& sql) = 0;
  // Whether the sql sent last is still running.
  virtual bool busy(std::size_t connection) = 0;
  // Whether that running sql waits for a lock another session holds (what
  // pg_isolation_test_session_is_blocked answers).
  virtual bool lock_waiting(std::size_t connection) = 0;
  // Lets (virtual) time pass until some connection received something or
  // changed state: true. False when `deadline_ms` (the backend's clock)
  // came first. Throws StuckError when nothing ever can and no deadline
  // was given.
  virtual bool wait_for_progress(std::optional<std::int64_t> deadline_ms) = 0;
  // The backend's clock in ms (virtual time on the model).
  virtual std::int64_t now_ms() = 0;
  // Cancels the sql the connection runs, as PQcancel: a statement that
  // waits ends with "ERROR:  canceling statement due to user request".
  virtual void cancel(std::size_t connection) = 0;
  // What the connection received since the last call.
  virtual std::vector<Received> take_received(std::size_t connection) = 0;
};

}  // namespace interleave::app::isolation
