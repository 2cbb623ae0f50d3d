// The `moce` program: MPI around the subcommand dispatcher. A rank that fails prints its error
// and brings the whole job down with MPI_Abort, so no rank is left waiting in a collective.
#include <malloc.h>
#include <sys/resource.h>

#include <iostream>
#include <new>

#include "eval/cli/command.hpp"
#include "runtime/comm/mpi_context.hpp"
#include "runtime/config.hpp"
#include "runtime/error.hpp"

namespace {

// Under a hard memory limit too small for MPI_Init and the shared libraries, Open MPI fails in its
// own words (or crashes). Measured on Debian 12 (Open MPI 4.1, HDF5 1.10): MPI_Init needs ~30 MiB
// of RLIMIT_DATA and, erratically, ~200 MiB of address space; below these minimums moce says so.
bool below_start_minimum(const char* command) {
  struct Limit {
    int resource;
    const char* name;
    rlim_t minimum;
  };
  for (const Limit& l : {Limit{RLIMIT_AS, "address-space limit (ulimit -v)", rlim_t{512} << 20},
                         Limit{RLIMIT_DATA, "data limit (ulimit -d)", rlim_t{48} << 20}}) {
    struct rlimit limit {};
    if (::getrlimit(l.resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= l.minimum) continue;
    std::cerr << "moce: out of memory while starting 'moce " << command << "': the " << l.name << " is "
              << (limit.rlim_cur >> 20) << " MiB; moce needs at least " << (l.minimum >> 20)
              << " MiB to start MPI and HDF5 (raise the limit, e.g. ulimit or Slurm --mem)\n";
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (below_start_minimum(argc > 1 ? argv[1] : "")) return 1;
  // zlib allocates ~270 KB of state per compressed chunk; above glibc's default mmap threshold
  // every chunk then costs an mmap/munmap and fresh zeroed pages. Keeping such blocks on the
  // heap made a 519-incident corpus write 8x faster (17 s -> 2 s).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  moce::MpiSession session(&argc, &argv);
  std::unique_ptr<moce::Context> world;
  int status = 0;
  try {
    world = session.world();
    status = moce::cli::run(*world, {argv + 1, argv + argc});
  } catch (const moce::MissingSettingError& e) {
    if (!world || world->rank() == 0)
      std::cerr << "moce " << argv[1] << ": " << e.what() << " (see 'moce " << argv[1] << " --help')\n";
    return 2;
  } catch (const moce::UsageError& e) {
    // Every rank sees the same command line, so every rank fails alike: rank 0 speaks for all.
    if (!world || world->rank() == 0) std::cerr << e.what() << "\n";
    return 2;
  } catch (const moce::NotImplementedError& e) {
    if (!world || world->rank() == 0) std::cerr << e.what() << "\n";
    return 2;
  } catch (const moce::ConfigError& e) {
    // Settings are read alike on every rank, so a bad one fails every rank alike: no abort.
    if (!world || world->rank() == 0) std::cerr << "moce: error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    // Out of memory (a ulimit -v, a Slurm --mem or cgroup limit): one clear line, not an abort.
    // Written piecewise, since building a message would allocate again.
    const int size = world ? world->size() : 1;
    std::cerr << "moce: out of memory while running 'moce " << (argc > 1 ? argv[1] : "") << "'";
    if (size > 1) std::cerr << " on rank " << world->rank() << " of " << size;
    std::cerr << ": an allocation failed; raise the memory limit (ulimit -v or -d, Slurm --mem) or use more ranks\n";
    if (size > 1) moce::MpiSession::abort(1);
    return 1;
  } catch (const std::exception& e) {
    const int size = world ? world->size() : 1;
    std::cerr << "moce: error" << (size > 1 ? moce::cat(" on rank ", world->rank()) : "") << ": " << e.what()
              << "\n";
    if (size > 1) moce::MpiSession::abort(1);
    return 1;
  }
  world.reset();
  return status;
}
