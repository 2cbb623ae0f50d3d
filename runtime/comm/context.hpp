// The distributed context: the few collectives moce needs, behind one interface with a local
// (single-process) and an MPI implementation, so most code and tests run without mpirun.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace moce {

enum class DataType { kByte, kInt32, kInt64, kUInt64, kDouble };
enum class ReduceOp { kSum, kMin, kMax };

template <class T>
constexpr DataType data_type_of() {
  if constexpr (std::is_same_v<T, double>) return DataType::kDouble;
  else if constexpr (std::is_same_v<T, std::int64_t>) return DataType::kInt64;
  else if constexpr (std::is_same_v<T, std::uint64_t>) return DataType::kUInt64;
  else if constexpr (std::is_same_v<T, std::int32_t>) return DataType::kInt32;
  else {
    static_assert(sizeof(T) == 0, "reductions take double, int64, uint64 or int32");
    return DataType::kByte;
  }
}

class Context {
 public:
  virtual ~Context() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual bool is_mpi() const = 0;
  virtual void barrier() const = 0;
  // Splits into groups: ranks with the same color form one group, ordered by key.
  virtual std::unique_ptr<Context> split(int color, int key) const = 0;

  // Untyped collectives; counts are in elements of `type`. root < 0 in reduce means allreduce.
  virtual void broadcast_bytes(void* data, std::size_t bytes, int root) const = 0;
  virtual void reduce_raw(const void* in, void* out, std::size_t count, DataType type, ReduceOp op,
                          int root) const = 0;
  virtual void allgatherv_bytes(const void* in, std::size_t bytes, void* out,
                                std::span<const std::int64_t> bytes_per_rank) const = 0;
  virtual void alltoallv_bytes(const void* in, std::span<const std::int64_t> send_bytes, void* out,
                               std::span<const std::int64_t> recv_bytes) const = 0;

  // Typed helpers built on the collectives above.
  template <class T>
  T allreduce(T value, ReduceOp op) const {
    T out{};
    reduce_raw(&value, &out, 1, data_type_of<T>(), op, -1);
    return out;
  }
  template <class T>
  void allreduce_inplace(std::span<T> values, ReduceOp op) const {
    std::vector<T> out(values.size());
    reduce_raw(values.data(), out.data(), values.size(), data_type_of<T>(), op, -1);
    std::copy(out.begin(), out.end(), values.begin());
  }
  // Reduces onto root; other ranks' `values` are left as they were.
  template <class T>
  void reduce_inplace(std::span<T> values, ReduceOp op, int root) const {
    std::vector<T> out(values.size());
    reduce_raw(values.data(), out.data(), values.size(), data_type_of<T>(), op, root);
    if (rank() == root) std::copy(out.begin(), out.end(), values.begin());
  }
  template <class T>
  std::vector<T> allgather(const T& value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    std::vector<std::int64_t> bytes(static_cast<std::size_t>(size()), sizeof(T));
    std::vector<T> out(static_cast<std::size_t>(size()));
    allgatherv_bytes(&value, sizeof(T), out.data(), bytes);
    return out;
  }
  // Concatenates every rank's `local` in rank order, on every rank.
  template <class T>
  std::vector<T> allgatherv(std::span<const T> local) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto counts = allgather<std::int64_t>(static_cast<std::int64_t>(local.size()));
    std::int64_t total = 0;
    for (auto& c : counts) {
      total += c;
      c *= static_cast<std::int64_t>(sizeof(T));
    }
    std::vector<T> out(static_cast<std::size_t>(total));
    allgatherv_bytes(local.data(), local.size_bytes(), out.data(), counts);
    return out;
  }
  // Sends send[offset_r .. offset_r + send_counts[r]) to rank r; returns what every rank sent
  // here, in rank order, and the per-source counts in `recv_counts`.
  template <class T>
  std::vector<T> alltoallv(std::span<const T> send, std::span<const std::int64_t> send_counts,
                           std::vector<std::int64_t>* recv_counts = nullptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto p = static_cast<std::size_t>(size());
    std::vector<std::int64_t> send_bytes(p), counts_in(p);
    for (std::size_t r = 0; r < p; ++r) send_bytes[r] = send_counts[r] * std::int64_t{sizeof(T)};
    // Each rank first learns how much it will receive from each peer.
    std::vector<std::int64_t> eight(p, sizeof(std::int64_t));
    alltoallv_bytes(send_counts.data(), eight, counts_in.data(), eight);
    std::int64_t total = 0;
    std::vector<std::int64_t> recv_bytes(p);
    for (std::size_t r = 0; r < p; ++r) {
      total += counts_in[r];
      recv_bytes[r] = counts_in[r] * std::int64_t{sizeof(T)};
    }
    std::vector<T> out(static_cast<std::size_t>(total));
    alltoallv_bytes(send.data(), send_bytes, out.data(), recv_bytes);
    if (recv_counts) *recv_counts = std::move(counts_in);
    return out;
  }
  template <class T>
  void broadcast(std::vector<T>& values, int root) const {
    static_assert(std::is_trivially_copyable_v<T>);
    auto n = static_cast<std::uint64_t>(values.size());
    broadcast_bytes(&n, sizeof n, root);
    values.resize(n);
    broadcast_bytes(values.data(), n * sizeof(T), root);
  }
  void broadcast(std::string& text, int root) const;
  // Sum of `value` over the ranks before this one.
  std::int64_t exclusive_prefix_sum(std::int64_t value) const;
};

std::unique_ptr<Context> make_local_context();

// The row range [begin, end) of `n` rows that `rank` of `size` owns in a block partition;
// every sharded reader and writer uses it, so shares agree everywhere.
struct Share {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  std::int64_t count() const { return end - begin; }
};
Share block_share(std::int64_t n, int rank, int size);

}  // namespace moce
