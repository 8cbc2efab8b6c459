// Status and Result<T>: how store/ reports failure. Nothing in store/ throws.
//
// A Status is either ok or carries one message written for a person. The message names the input
// it is about and says what is wrong, starting with the store's name (its path, or its URL with
// any password masked): "./var/x.db: database is locked (another process is writing; waited
// 5000 ms)", "postgresql://sp@127.0.0.1:5432/sp: connection refused". A Result<T> is a T or the
// Status saying why there is none.
//
// Both are values: copyable, movable, no hidden state. [[nodiscard]], so an ignored failure is a
// compile error under -Werror.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace sp::store {

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok

  static Status error(std::string message) {
    Status s;
    s.failed_ = true;
    s.message_ = std::move(message);
    return s;
  }

  bool ok() const { return !failed_; }
  // Empty when ok().
  const std::string& message() const { return message_; }

 private:
  bool failed_ = false;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit, so `return value;` works
  // REQUIRES: !status.ok(). (An ok Status carries no value; it becomes an error saying so.)
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit, `return status;`
    assert(!status_.ok());
    if (status_.ok()) status_ = Status::error("internal error: Result made from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // Empty when ok().
  const std::string& error() const { return status_.message(); }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sp::store
