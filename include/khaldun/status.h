// Status and StatusOr<T>: errors as values.
//
// Every stage returns a Status (or StatusOr<T>) instead of throwing across stage
// boundaries. A Status is cheap to copy when OK (no allocation). Thread-safety: plain
// values, no shared state.
#ifndef KHALDUN_STATUS_H_
#define KHALDUN_STATUS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace khaldun {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input: malformed record, bad flag value
  kNotFound,         // missing file, unknown name
  kCorruption,       // corrupt or wrong-version model / binary file
  kIoError,          // read/write failure, full disk, read-only path
  kResourceExhausted,  // a limit was exceeded (bytes, tokens, depth, memory)
  kUnimplemented,
  kInternal,
};

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "INVALID_ARGUMENT: message" (or "OK").
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status CorruptionError(std::string m) {
  return Status(StatusCode::kCorruption, std::move(m));
}
inline Status IoError(std::string m) { return Status(StatusCode::kIoError, std::move(m)); }
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }
inline Status UnimplementedError(std::string m) {
  return Status(StatusCode::kUnimplemented, std::move(m));
}

// Holds either a value or a non-OK Status.
template <typename T>
class StatusOr {
 public:
  StatusOr(const T& v) : value_(v) {}                // NOLINT: implicit by design
  StatusOr(T&& v) : value_(std::move(v)) {}          // NOLINT
  StatusOr(Status s) : status_(std::move(s)) {       // NOLINT
    if (status_.ok()) status_ = InternalError("StatusOr constructed from OK status");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace khaldun

#define KHALDUN_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::khaldun::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)

#define KHALDUN_CONCAT_INNER_(a, b) a##b
#define KHALDUN_CONCAT_(a, b) KHALDUN_CONCAT_INNER_(a, b)
#define KHALDUN_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto KHALDUN_CONCAT_(_so_, __LINE__) = (expr);                             \
  if (!KHALDUN_CONCAT_(_so_, __LINE__).ok())                                 \
    return KHALDUN_CONCAT_(_so_, __LINE__).status();                         \
  lhs = std::move(KHALDUN_CONCAT_(_so_, __LINE__)).value()

#endif  // KHALDUN_STATUS_H_
