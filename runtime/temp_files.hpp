// Temporary outputs a signal must not leave behind. Writers put their output under a temporary
// name and rename it into place (DESIGN.md); an exception unwinds and removes the temporary, but
// SIGTERM (Slurm's time limit, `kill`, mpirun passing on its own) and SIGINT (Ctrl-C) end the
// process without unwinding. A TempFileGuard records its path in a fixed static slot that the
// SIGTERM/SIGINT handler unlinks (only async-signal-safe calls) before re-raising the signal with
// the default action, so the exit status still says "killed by SIGTERM". SIGKILL cannot be caught:
// for that, remove_dead_temporaries() clears a killed run's `<name>.tmp-<pid>` on the next run.
#pragma once

#include <string>

namespace moce {

class TempFileGuard {
 public:
  // Registers `path` (a regular file) for removal on SIGTERM/SIGINT; installs the handlers on
  // first use where the signal's action is still the default. Beyond 16 at once the path is not
  // registered (the destructor and the next run's clean-up still apply).
  explicit TempFileGuard(const std::string& path);
  ~TempFileGuard();  // frees the slot (after a rename the path is gone, so a late unlink is harmless)
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;

 private:
  int slot_ = -1;
};

// Removes entries of `dir` named `prefix` followed by a process id ("out.h5.tmp-" + "1234") whose
// process no longer runs on this machine: what a killed run left. Files and folders alike; a live
// process' temporary (another run writing now) is kept. Returns how many were removed.
int remove_dead_temporaries(const std::string& dir, const std::string& prefix);

}  // namespace moce
