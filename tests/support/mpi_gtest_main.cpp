// main() of the *_mpitest binaries: MPI around GoogleTest. Only rank 0 prints progress; a rank's
// failure still shows (its assertion text is printed by that rank) and fails the exit status.
#include <gtest/gtest.h>

#include <memory>

#include "runtime/comm/mpi_context.hpp"
#include "tests/support/test_support.hpp"

namespace moce::test {
namespace {
std::unique_ptr<Context>& world_slot() {
  static std::unique_ptr<Context> context;
  return context;
}

// Prints only failed assertions on ranks other than 0.
class FailurePrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit FailurePrinter(int rank) : rank_(rank) {}
  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (result.failed())
      std::fprintf(stderr, "[rank %d] %s:%d: %s\n", rank_, result.file_name() ? result.file_name() : "?",
                   result.line_number(), result.summary());
  }

 private:
  int rank_;
};
}  // namespace

const Context& world() { return *world_slot(); }
}  // namespace moce::test

int main(int argc, char** argv) {
  moce::MpiSession session(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  moce::test::world_slot() = session.world();
  const int rank = moce::test::world().rank();
  if (rank != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new moce::test::FailurePrinter(rank));
  }
  int failed = RUN_ALL_TESTS();
  // Every rank must agree on success: a failure anywhere fails the job.
  int any = moce::test::world().allreduce<std::int32_t>(failed != 0, moce::ReduceOp::kMax);
  moce::test::world_slot().reset();
  return any;
}
