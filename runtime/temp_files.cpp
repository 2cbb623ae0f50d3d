// The signal-time clean-up: fixed slots (no allocation, no locks in the handler) and unlink(2).
#include "runtime/temp_files.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace moce {

namespace {

constexpr int kSlots = 16;
constexpr std::size_t kPathBytes = 4096;  // PATH_MAX on Linux

// state: 0 free, 1 being filled or emptied, 2 holds a path the handler may unlink.
struct Slot {
  std::atomic<int> state{0};
  char path[kPathBytes];
};
std::array<Slot, kSlots> slots;
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler reads the slot states");

extern "C" void remove_and_reraise(int signal_number) {
  const int saved = errno;
  for (auto& s : slots)
    if (s.state.load(std::memory_order_acquire) == 2) ::unlink(s.path);
  errno = saved;
  // The default action ends the process as the signal would have, for the parent to see.
  struct sigaction action {};
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  ::sigaction(signal_number, &action, nullptr);
  ::raise(signal_number);
}

void install_handlers() {
  for (int signal_number : {SIGTERM, SIGINT}) {
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) != 0) continue;
    // An ignored signal (nohup, a background job's SIGINT) or someone else's handler stays.
    if (current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO)) continue;
    struct sigaction action {};
    action.sa_handler = remove_and_reraise;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaddset(&action.sa_mask, SIGINT);
    ::sigaction(signal_number, &action, nullptr);
  }
}

bool process_runs(long pid) {
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;  // EPERM: another user's live process
}

}  // namespace

TempFileGuard::TempFileGuard(const std::string& path) {
  static std::once_flag once;
  std::call_once(once, install_handlers);
  if (path.empty() || path.size() >= kPathBytes) return;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (!slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].state.store(2, std::memory_order_release);
    slot_ = i;
    return;
  }
}

TempFileGuard::~TempFileGuard() {
  if (slot_ >= 0) slots[slot_].state.store(0, std::memory_order_release);
}

int remove_dead_temporaries(const std::string& dir, const std::string& prefix) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  for (const auto& entry : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    long pid = 0;
    const char* digits = name.data() + prefix.size();
    const auto [end, error] = std::from_chars(digits, name.data() + name.size(), pid);
    if (error != std::errc() || end != name.data() + name.size() || pid <= 0) continue;
    if (pid == static_cast<long>(::getpid()) || process_runs(pid)) continue;
    std::error_code ignored;
    if (fs::remove_all(entry.path(), ignored) > 0) ++removed;
  }
  return removed;
}

}  // namespace moce
