// main() of every benchmark binary: starts MPI, adds provenance to the benchmark context and lets
// only rank 0 report. Benchmarks that use collectives must fix their iteration count
// (->Iterations(n)) so every rank runs the same number of collective calls.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <memory>
#include <string_view>
#include <vector>

#include "runtime/comm/mpi_context.hpp"
#include "runtime/version.hpp"
#include "tests/bench/support/bench_context.hpp"

namespace moce::bench {
namespace {
std::unique_ptr<Context>& world_slot() {
  static std::unique_ptr<Context> context;
  return context;
}
class NullReporter : public ::benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const ::benchmark::BenchmarkReporter::Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};
}  // namespace
const Context& world() { return *world_slot(); }
}  // namespace moce::bench

int main(int argc, char** argv) {
  // The same allocator settings as the moce program (eval/cli/main.cpp): large temporary buffers
  // stay on the heap instead of being mapped and faulted in afresh each time.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  moce::MpiSession session(&argc, &argv);
  moce::bench::world_slot() = session.world();
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  ::benchmark::AddCustomContext("moce_schema_version", "1");
  ::benchmark::AddCustomContext("moce_git_sha", moce::git_sha());
  ::benchmark::AddCustomContext("moce_build_type", MOCE_BUILD_TYPE);
  ::benchmark::AddCustomContext("moce_host", host);
  ::benchmark::AddCustomContext("moce_ranks", std::to_string(moce::bench::world().size()));
  // Only rank 0 writes --benchmark_out; the other ranks run silently.
  std::vector<char*> args(argv, argv + argc);
  if (moce::bench::world().rank() != 0)
    std::erase_if(args, [](char* a) { return std::string_view(a).rfind("--benchmark_out", 0) == 0; });
  int count = static_cast<int>(args.size());
  ::benchmark::Initialize(&count, args.data());
  if (moce::bench::world().rank() == 0) {
    ::benchmark::RunSpecifiedBenchmarks();
  } else {
    moce::bench::NullReporter quiet;
    ::benchmark::RunSpecifiedBenchmarks(&quiet);
  }
  ::benchmark::Shutdown();
  moce::bench::world_slot().reset();
  return 0;
}
