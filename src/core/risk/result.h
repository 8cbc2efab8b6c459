// Result<T>: a value, or a message saying what was wrong with the input.
//
// The risk functions validate what they are given (it comes, through the command line, from files
// the user chose) and report bad input as a value, never by throwing or crashing. The message names
// the input and what is wrong with it ("returns[17] is NaN", "confidence 1.5 is outside (0, 1)"),
// so a caller can print it as it is.
//
//   Result<double> r = beta(asset, market);
//   if (!r) return Error{r.error()};   // propagate
//   use(*r);
//
// value() and operator* REQUIRE ok(). Copyable and movable like T. No allocation beyond T's and the
// message's.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace sp::core::risk {

// The failure half of a Result: convertible to any Result<T>.
struct Error {
  std::string message;
};

template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit, so `return value;` works
  Result(Error error)                            // NOLINT: implicit, so `return Error{...};` works
      : error_(error.message.empty() ? std::string("unspecified error")
                                     : std::move(error.message)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // Empty when ok().
  const std::string& error() const { return error_; }

 private:
  std::optional<T> value_;
  std::string error_;
};

}  // namespace sp::core::risk
