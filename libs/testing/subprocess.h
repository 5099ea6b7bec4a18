// Runs a real binary as a child process in tests (servers started by the test itself, that
// it may kill and restart without disturbing other tests): captures its stdout and stderr
// line by line, sends it signals, waits for its exit code. The child gets SIGKILL if the
// thread that started it dies (PR_SET_PDEATHSIG), so a crashed test leaves no server
// behind: start it from a thread that outlives it.
//
//   Subprocess server({echo_server_path, "--grpc-address=127.0.0.1:0"});
//   ASSERT_TRUE(server.Start().ok());
//   std::optional<std::string> line = server.WaitForLine("\"listening\"", absl::Seconds(10));
//   server.Signal(SIGTERM);
//   EXPECT_EQ(server.Wait(absl::Seconds(10)), 0);
#ifndef PARCOURS_LIBS_TESTING_SUBPROCESS_H_
#define PARCOURS_LIBS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace parcours::testutil {

class Subprocess {
 public:
  // `argv[0]` is the program, searched in PATH when it has no '/'; `env` adds to (or
  // overrides) the test's environment.
  explicit Subprocess(std::vector<std::string> argv, std::map<std::string, std::string> env = {});
  ~Subprocess();  // SIGKILLs the child if it still runs

  // NOT_FOUND when the program cannot be found, INTERNAL when fork fails.
  absl::Status Start();
  // The first stdout line (past or future) containing `needle`, or nullopt on timeout/exit.
  std::optional<std::string> WaitForLine(const std::string& needle, absl::Duration timeout);
  void Signal(int sig);
  // SIGKILL and reap: a crash, not a shutdown. Idempotent.
  void Kill();
  // Exit code (128+signal if killed by a signal), or -1 on timeout.
  int Wait(absl::Duration timeout);
  bool running();
  pid_t pid() const { return pid_; }
  std::vector<std::string> lines();  // everything printed so far

 private:
  void ReadLoop(int fd);

  std::vector<std::string> argv_;
  std::map<std::string, std::string> env_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
  bool exited_ = false;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  bool eof_ = false;
};

// An unused TCP port on 127.0.0.1 (bound then released; fine for tests).
int FreeLoopbackPort();

// The value of the JSON integer field `key` in a log line, or -1.
int JsonIntField(const std::string& line, const std::string& key);

}  // namespace parcours::testutil

#endif  // PARCOURS_LIBS_TESTING_SUBPROCESS_H_
