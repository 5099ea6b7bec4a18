// Test support: a redis-server owned by one test, on a free loopback port, that the test
// may kill (SIGKILL: a crash, data lost) and restart on the same port, plus a helper to
// send raw commands to any Redis from the test side. Never linked into services.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<RedisTestServer> redis, RedisTestServer::Start());
//   RedisCacheOptions options{.name = "t", .url = redis->url()};
//   redis->Kill();
//   RETURN_IF_ERROR(redis->Restart());
#ifndef PARCOURS_LIBS_CACHE_REDIS_TEST_SERVER_H_
#define PARCOURS_LIBS_CACHE_REDIS_TEST_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/testing/subprocess.h"

namespace parcours::cache {

class RedisTestServer {
 public:
  struct Options {
    std::string password;  // requirepass, when set
  };

  // Starts redis-server (no persistence, DEBUG enabled for fault tests) and waits until it
  // answers PING.
  static absl::StatusOr<std::unique_ptr<RedisTestServer>> Start(Options options);
  static absl::StatusOr<std::unique_ptr<RedisTestServer>> Start() { return Start(Options{}); }
  ~RedisTestServer();

  // redis://127.0.0.1:<port>, without the password.
  std::string url() const;
  int port() const { return port_; }

  // SIGKILL and reap.
  void Kill();
  // Starts it again on the same port (empty: nothing was persisted) and waits for PING.
  absl::Status Restart();

 private:
  RedisTestServer(Options options, std::string dir, int port);
  absl::Status Launch();

  const Options options_;
  const std::string dir_;
  const int port_;
  std::unique_ptr<testutil::Subprocess> process_;
};

// A free TCP port on 127.0.0.1 at the time of the call.
absl::StatusOr<int> PickFreeLoopbackPort();

// Sends one command to the Redis at `url` on a fresh connection (generous timeouts) and
// returns the reply as text: strings and statuses as is, integers in decimal, nil as
// "(nil)", an error reply as FAILED_PRECONDITION with its text.
absl::StatusOr<std::string> RedisCommandForTest(const std::string& url,
                                                const std::vector<std::string>& args,
                                                absl::Duration timeout = absl::Seconds(5));

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_REDIS_TEST_SERVER_H_
