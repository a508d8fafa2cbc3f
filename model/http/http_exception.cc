#include "model/http/http_exception.h"

namespace interleave::model::http {

std::string_view reason_phrase(int status_code) {
  switch (status_code) {
    case status::kOk: return "OK";
    case status::kForbidden: return "Forbidden";
    case status::kNotFound: return "Not Found";
    case status::kGone: return "Gone";
    case status::kInternalServerError: return "Internal Server Error";
    case status::kServiceUnavailable: return "Service Unavailable";
    default: return "";
  }
}

}  // namespace interleave::model::http
