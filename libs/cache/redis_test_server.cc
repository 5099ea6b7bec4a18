#include "libs/cache/redis_test_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/cache/redis_connection.h"
#include "libs/cache/redis_url.h"

namespace parcours::cache {

absl::StatusOr<int> PickFreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int e = errno;
    close(fd);
    return absl::InternalError(absl::StrCat("bind 127.0.0.1:0: ", std::strerror(e)));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

absl::StatusOr<std::string> RedisCommandForTest(const std::string& url,
                                                const std::vector<std::string>& args,
                                                absl::Duration timeout) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(url);
  if (!endpoint.ok()) return endpoint.status();
  absl::StatusOr<std::unique_ptr<internal::RedisConnection>> conn =
      internal::RedisConnection::Open(*endpoint, {.connect = timeout, .command = timeout});
  if (!conn.ok()) return conn.status();
  absl::StatusOr<internal::RedisReply> reply = (*conn)->Run(args);
  if (!reply.ok()) return reply.status();
  const redisReply& r = **reply;
  if (internal::IsError(r)) {
    return absl::FailedPreconditionError(std::string(internal::ReplyText(r)));
  }
  if (internal::IsNil(r)) return std::string("(nil)");
  if (std::optional<long long> n = internal::ReplyInteger(r)) return std::to_string(*n);
  return std::string(internal::ReplyText(r));
}

absl::StatusOr<std::unique_ptr<RedisTestServer>> RedisTestServer::Start(Options options) {
  absl::StatusOr<int> port = PickFreeLoopbackPort();
  if (!port.ok()) return port.status();
  std::string pattern = (std::filesystem::temp_directory_path() / "parcours-redis.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", std::strerror(errno)));
  }
  std::unique_ptr<RedisTestServer> server(
      new RedisTestServer(std::move(options), std::move(pattern), *port));
  absl::Status launched = server->Launch();
  if (!launched.ok()) return launched;
  return server;
}

RedisTestServer::RedisTestServer(Options options, std::string dir, int port)
    : options_(std::move(options)), dir_(std::move(dir)), port_(port) {}

RedisTestServer::~RedisTestServer() {
  Kill();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisTestServer::url() const { return absl::StrCat("redis://127.0.0.1:", port_); }

void RedisTestServer::Kill() {
  if (process_) process_->Kill();
}

absl::Status RedisTestServer::Restart() {
  Kill();
  return Launch();
}

absl::Status RedisTestServer::Launch() {
  // clang-format off
  std::vector<std::string> argv = {"redis-server",
                                   "--bind", "127.0.0.1",
                                   "--port", std::to_string(port_),
                                   "--dir", dir_,
                                   "--save", "",  // nothing persisted: a restart is empty
                                   "--appendonly", "no",
                                   "--enable-debug-command", "local"};  // DEBUG SLEEP
  // clang-format on
  if (!options_.password.empty()) {
    argv.push_back("--requirepass");
    argv.push_back(options_.password);
  }
  argv.push_back("--logfile");
  argv.push_back(dir_ + "/redis.log");
  process_ = std::make_unique<testutil::Subprocess>(argv);
  if (absl::Status started = process_->Start(); !started.ok()) return started;

  std::string url = options_.password.empty()
                        ? this->url()
                        : absl::StrCat("redis://:", options_.password, "@127.0.0.1:", port_);
  absl::Status last;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    absl::StatusOr<std::string> pong = RedisCommandForTest(url, {"PING"}, absl::Seconds(1));
    if (pong.ok() && *pong == "PONG") return absl::OkStatus();
    last = pong.status();
    if (!process_->running()) {
      return absl::InternalError(
          absl::StrCat("redis-server exited at start; see ", dir_, "/redis.log"));
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("redis-server on port ", port_, " not ready in 10s: ", last.message()));
}

}  // namespace parcours::cache
