// SharedSpan<T>: a read-only span that keeps what it views alive, so a value holding one (TreeData,
// CodeSequences) can be a node result of the lazy DAG and outlive the node it came from. It views
// an owned vector, or a Column whose buffer it shares (zero-copy).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "operators/data/column.hpp"
#include "runtime/dag/hash.hpp"

namespace moce {

template <class T>
class SharedSpan {
 public:
  SharedSpan() = default;
  // Takes the values (implicit, so `TreeData{{isp}, values}` reads like the plain vectors).
  SharedSpan(std::vector<T> values) {  // NOLINT(google-explicit-constructor)
    auto owned = std::make_shared<const std::vector<T>>(std::move(values));
    view_ = std::span<const T>(*owned);
    owner_ = std::move(owned);
  }
  // Views a column of element type T; the copy of the column shares (and so keeps) its buffer.
  static SharedSpan of(const Column& column) {
    auto held = std::make_shared<const Column>(column);
    SharedSpan out;
    out.view_ = held->template values<T>();
    out.owner_ = std::move(held);
    return out;
  }
  // Views `view`, which `owner` keeps alive.
  SharedSpan(std::shared_ptr<const void> owner, std::span<const T> view) : owner_(std::move(owner)), view_(view) {}

  std::span<const T> span() const { return view_; }
  operator std::span<const T>() const { return view_; }  // NOLINT(google-explicit-constructor)
  std::size_t size() const { return view_.size(); }
  bool empty() const { return view_.empty(); }
  const T* data() const { return view_.data(); }
  const T& operator[](std::size_t i) const { return view_[i]; }
  auto begin() const { return view_.begin(); }
  auto end() const { return view_.end(); }
  SharedSpan subspan(std::size_t offset, std::size_t count) const { return {owner_, view_.subspan(offset, count)}; }

  // By content, so a value holding one can be a plain (hashed) argument of Graph::call.
  void hash_append(Hasher& hasher) const {
    hasher.add_u64(view_.size());
    for (const T& x : view_) hasher.add(x);
  }

 private:
  std::shared_ptr<const void> owner_;
  std::span<const T> view_;
};

}  // namespace moce
