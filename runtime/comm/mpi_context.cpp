// MPI implementation of the distributed context. Counts beyond INT_MAX are refused with a clear
// error rather than silently truncated (MPI-3 counts are int).
#include "runtime/comm/mpi_context.hpp"

#include <climits>
#include <cstdio>
#include <vector>

#include "runtime/error.hpp"

namespace moce {

void mpi_check(int code, const char* call, const char* file, int line) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int len = 0;
  MPI_Error_string(code, text, &len);
  int rank = -1;
  if (MpiSession::initialized()) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  throw MpiError(cat("MPI call failed on rank ", rank, ": ", call, " (", file, ":", line, "): ", text));
}

MpiSession::MpiSession(int* argc, char*** argv) {
  if (!initialized()) {
    int provided = 0;
    // Threads may run operators, but only the main thread talks MPI.
    MOCE_MPI(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided));
    MOCE_MPI(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  }
}

MpiSession::~MpiSession() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

bool MpiSession::initialized() {
  int flag = 0;
  MPI_Initialized(&flag);
  int finalized = 0;
  MPI_Finalized(&finalized);
  return flag && !finalized;
}

void MpiSession::abort(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (initialized()) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

std::unique_ptr<Context> MpiSession::world() const { return make_mpi_context(MPI_COMM_WORLD); }

namespace {

MPI_Datatype mpi_type(DataType type) {
  switch (type) {
    case DataType::kByte: return MPI_BYTE;
    case DataType::kInt32: return MPI_INT32_T;
    case DataType::kInt64: return MPI_INT64_T;
    case DataType::kUInt64: return MPI_UINT64_T;
    case DataType::kDouble: return MPI_DOUBLE;
  }
  return MPI_BYTE;
}

MPI_Op mpi_op(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum: return MPI_SUM;
    case ReduceOp::kMin: return MPI_MIN;
    case ReduceOp::kMax: return MPI_MAX;
  }
  return MPI_SUM;
}

int to_int(std::int64_t n, const char* what) {
  if (n < 0 || n > INT_MAX)
    throw MpiError(cat("MPI message too large: ", what, " of ", n, " exceeds INT_MAX elements"));
  return static_cast<int>(n);
}

std::vector<int> to_ints(std::span<const std::int64_t> counts, std::vector<int>* displs) {
  std::vector<int> out(counts.size());
  std::int64_t offset = 0;
  displs->resize(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    out[i] = to_int(counts[i], "count");
    (*displs)[i] = to_int(offset, "displacement");
    offset += counts[i];
  }
  return out;
}

class MpiContext final : public Context {
 public:
  explicit MpiContext(MPI_Comm comm) {
    MOCE_MPI(MPI_Comm_dup(comm, &comm_));
    MOCE_MPI(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN));
    MOCE_MPI(MPI_Comm_rank(comm_, &rank_));
    MOCE_MPI(MPI_Comm_size(comm_, &size_));
  }
  ~MpiContext() override {
    // Freeing is local in practice, and finalize frees anything left; never throw here.
    if (MpiSession::initialized()) MPI_Comm_free(&comm_);
  }
  MpiContext(const MpiContext&) = delete;
  MpiContext& operator=(const MpiContext&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  bool is_mpi() const override { return true; }
  MPI_Comm comm() const { return comm_; }
  void barrier() const override { MOCE_MPI(MPI_Barrier(comm_)); }
  std::unique_ptr<Context> split(int color, int key) const override {
    MPI_Comm part = MPI_COMM_NULL;
    MOCE_MPI(MPI_Comm_split(comm_, color, key, &part));
    auto out = std::make_unique<MpiContext>(part);
    MOCE_MPI(MPI_Comm_free(&part));
    return out;
  }
  void broadcast_bytes(void* data, std::size_t bytes, int root) const override {
    MOCE_MPI(MPI_Bcast(data, to_int(static_cast<std::int64_t>(bytes), "broadcast"), MPI_BYTE, root, comm_));
  }
  void reduce_raw(const void* in, void* out, std::size_t count, DataType type, ReduceOp op,
                  int root) const override {
    const int n = to_int(static_cast<std::int64_t>(count), "reduce");
    if (root < 0)
      MOCE_MPI(MPI_Allreduce(in, out, n, mpi_type(type), mpi_op(op), comm_));
    else
      MOCE_MPI(MPI_Reduce(in, out, n, mpi_type(type), mpi_op(op), root, comm_));
  }
  void allgatherv_bytes(const void* in, std::size_t bytes, void* out,
                        std::span<const std::int64_t> bytes_per_rank) const override {
    std::vector<int> displs;
    auto counts = to_ints(bytes_per_rank, &displs);
    MOCE_MPI(MPI_Allgatherv(in, to_int(static_cast<std::int64_t>(bytes), "allgatherv"), MPI_BYTE, out,
                            counts.data(), displs.data(), MPI_BYTE, comm_));
  }
  void alltoallv_bytes(const void* in, std::span<const std::int64_t> send_bytes, void* out,
                       std::span<const std::int64_t> recv_bytes) const override {
    std::vector<int> sdispls, rdispls;
    auto scounts = to_ints(send_bytes, &sdispls);
    auto rcounts = to_ints(recv_bytes, &rdispls);
    MOCE_MPI(MPI_Alltoallv(in, scounts.data(), sdispls.data(), MPI_BYTE, out, rcounts.data(),
                           rdispls.data(), MPI_BYTE, comm_));
  }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<Context> make_mpi_context(MPI_Comm comm) { return std::make_unique<MpiContext>(comm); }

MPI_Comm native_comm(const Context& context) {
  if (auto* mpi = dynamic_cast<const MpiContext*>(&context)) return mpi->comm();
  return MPI_COMM_SELF;
}

}  // namespace moce
