#pragma once
// FastAPI's HTTPException(status_code, detail) and the status codes the
// backend's tenant routes answer with.

#include <stdexcept>
#include <string>
#include <string_view>

namespace interleave::model::http {

namespace status {
inline constexpr int kOk = 200;
inline constexpr int kForbidden = 403;
inline constexpr int kNotFound = 404;
inline constexpr int kGone = 410;
inline constexpr int kInternalServerError = 500;
inline constexpr int kServiceUnavailable = 503;
}  // namespace status

// The reason phrase of a status code ("Gone"); "" for codes not listed above.
std::string_view reason_phrase(int status_code);

// What a dependency or a handler raises to answer with `status_code`; the
// pipeline turns it into that response. Any other exception is a 500.
//
// Example:
//   throw HttpException(status::kGone, "Tenant has been deleted");
class HttpException : public std::runtime_error {
 public:
  HttpException(int status_code, const std::string& detail) : std::runtime_error(detail), status_code_(status_code) {}
  int status_code() const { return status_code_; }
  std::string detail() const { return what(); }

 private:
  int status_code_;
};

}  // namespace interleave::model::http
