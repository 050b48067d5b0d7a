#include "khaldun/status.h"

namespace khaldun {

std::string Status::ToString() const {
  const char* name = "UNKNOWN";
  switch (code_) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: name = "INVALID_ARGUMENT"; break;
    case StatusCode::kNotFound: name = "NOT_FOUND"; break;
    case StatusCode::kCorruption: name = "CORRUPTION"; break;
    case StatusCode::kIoError: name = "IO_ERROR"; break;
    case StatusCode::kResourceExhausted: name = "RESOURCE_EXHAUSTED"; break;
    case StatusCode::kUnimplemented: name = "UNIMPLEMENTED"; break;
    case StatusCode::kInternal: name = "INTERNAL"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace khaldun
