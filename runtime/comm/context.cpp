// The local (single-process) context and the typed helpers shared by every context.
#include "runtime/comm/context.hpp"

#include <cstring>

#include "runtime/error.hpp"

namespace moce {

void Context::broadcast(std::string& text, int root) const {
  std::vector<char> bytes(text.begin(), text.end());
  broadcast(bytes, root);
  text.assign(bytes.begin(), bytes.end());
}

std::int64_t Context::exclusive_prefix_sum(std::int64_t value) const {
  auto all = allgather(value);
  std::int64_t sum = 0;
  for (int r = 0; r < rank(); ++r) sum += all[static_cast<std::size_t>(r)];
  return sum;
}

Share block_share(std::int64_t n, int rank, int size) {
  MOCE_ASSERT(size > 0 && rank >= 0 && rank < size, "rank ", rank, " of ", size);
  return {n * rank / size, n * (rank + 1) / size};
}

namespace {

std::size_t element_size(DataType type) {
  switch (type) {
    case DataType::kByte: return 1;
    case DataType::kInt32: return 4;
    case DataType::kInt64:
    case DataType::kUInt64:
    case DataType::kDouble: return 8;
  }
  return 1;
}

class LocalContext final : public Context {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  bool is_mpi() const override { return false; }
  void barrier() const override {}
  std::unique_ptr<Context> split(int, int) const override { return std::make_unique<LocalContext>(); }
  void broadcast_bytes(void*, std::size_t, int root) const override { check_root(root); }
  void reduce_raw(const void* in, void* out, std::size_t count, DataType type, ReduceOp,
                  int root) const override {
    if (root >= 0) check_root(root);
    if (count) std::memcpy(out, in, count * element_size(type));
  }
  void allgatherv_bytes(const void* in, std::size_t bytes, void* out,
                        std::span<const std::int64_t>) const override {
    if (bytes) std::memcpy(out, in, bytes);
  }
  void alltoallv_bytes(const void* in, std::span<const std::int64_t> send_bytes, void* out,
                       std::span<const std::int64_t>) const override {
    if (send_bytes[0]) std::memcpy(out, in, static_cast<std::size_t>(send_bytes[0]));
  }

 private:
  static void check_root(int root) {
    MOCE_ASSERT(root == 0, "root ", root, " in a context of one rank");
  }
};

}  // namespace

std::unique_ptr<Context> make_local_context() { return std::make_unique<LocalContext>(); }

}  // namespace moce
