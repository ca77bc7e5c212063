// Value-or-error, the return type of every fallible call in harness/http (std::expected is
// C++23). Accessing the wrong alternative is a programming error and asserts.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace scopecheck::http {

// A constructor, not an aggregate: clang 14 has no parenthesized aggregate initialization, and
// `Unexpected(e)` must compile there as well as `Unexpected{e}`.
template <class E>
struct Unexpected {
  Unexpected(E e) : error(std::move(e)) {}  // NOLINT: implicit by design
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Expected(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

}  // namespace scopecheck::http
