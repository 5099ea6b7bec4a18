// A child process for tests that need a real server of their own (one they may kill and
// restart without disturbing other tests), owned RAII: the destructor kills and reaps it.
//
//   ASSIGN_OR_RETURN(ChildProcess redis,
//                    ChildProcess::Spawn({"redis-server", "--port", "7001"}, log_path));
//   redis.Kill();                        // SIGKILL and reap: a crash, not a shutdown
//
// The child also gets SIGKILL if the thread that spawned it dies (PR_SET_PDEATHSIG), so a
// crashed test leaves no server behind; spawn from a thread that outlives the child.
#ifndef PARCOURS_LIBS_TESTING_CHILD_PROCESS_H_
#define PARCOURS_LIBS_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace parcours::testing {

class ChildProcess {
 public:
  // Runs argv[0] (searched in PATH) with stdout and stderr appended to `output_path`.
  // NOT_FOUND when the program is not in PATH, INTERNAL when fork fails.
  static absl::StatusOr<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                            const std::string& output_path = "/dev/null");

  ChildProcess() = default;  // no process
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // Sends `signal`; false if the child is gone.
  bool Signal(int signal);
  // Waits up to `timeout` for the child to exit; its wait status, or nullopt if it is
  // still running.
  std::optional<int> Wait(absl::Duration timeout);
  // SIGKILL, then reap. Idempotent.
  void Kill();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

}  // namespace parcours::testing

#endif  // PARCOURS_LIBS_TESTING_CHILD_PROCESS_H_
