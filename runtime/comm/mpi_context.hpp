// The MPI implementation of Context, and the MPI session that owns MPI_Init/MPI_Finalize.
#pragma once

#include <mpi.h>

#include <memory>

#include "runtime/comm/context.hpp"

namespace moce {

// Every MPI call goes through this: a failure throws MpiError naming the call and MPI's reason.
void mpi_check(int code, const char* call, const char* file, int line);
#define MOCE_MPI(call) ::moce::mpi_check((call), #call, __FILE__, __LINE__)

// Owns MPI's lifetime for one process. Runs fine without mpirun (a singleton world of one rank).
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  // A context over MPI_COMM_WORLD (duplicated, so library traffic cannot meet user traffic).
  std::unique_ptr<Context> world() const;
  // Brings every rank down with `code`; used by main() after printing a rank's error.
  [[noreturn]] static void abort(int code);
  static bool initialized();
};

// Wraps a duplicate of `comm`; the context frees its duplicate.
std::unique_ptr<Context> make_mpi_context(MPI_Comm comm);
// The MPI communicator behind a context, or MPI_COMM_SELF for the local context (for HDF5's MPI-IO).
MPI_Comm native_comm(const Context& context);

}  // namespace moce
