// One synchronous hiredis connection, owned (RAII), with connect and command timeouts, and
// pipelining: all commands are written, then one reply per command is read, so N commands
// cost one round trip. Internal to RedisCache.
//
//   ASSIGN_OR_RETURN(auto conn, RedisConnection::Open(endpoint, timeouts));
//   ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
//                    conn->Pipeline({{"MGET", "a", "b"}, {"PING"}}));
//
// After an I/O error or a timeout the reply stream is out of step with the commands, so
// the connection is marked broken and must be thrown away (the pool does that).
// Not thread-safe: one user at a time (the pool lends it to one caller).
#ifndef PARCOURS_LIBS_CACHE_REDIS_CONNECTION_H_
#define PARCOURS_LIBS_CACHE_REDIS_CONNECTION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/cache/redis_url.h"

struct redisContext;
struct redisReply;

namespace parcours::cache::internal {

struct RedisContextDeleter {
  void operator()(redisContext* c) const;
};
struct RedisReplyDeleter {
  void operator()(redisReply* r) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

// A command as its arguments, binary-safe ("SET", key, value, "PX", "100").
using RedisCommand = std::vector<std::string>;

struct RedisTimeouts {
  absl::Duration connect = absl::Milliseconds(20);
  // Bounds each blocking read and write on the socket (SO_RCVTIMEO / SO_SNDTIMEO), so a
  // reply that trickles in could take a little longer in total; replies here are small.
  absl::Duration command = absl::Milliseconds(10);
};

class RedisConnection {
 public:
  // Connects, authenticates and selects the database; UNAVAILABLE or DEADLINE_EXCEEDED
  // when Redis cannot be reached in time, PERMISSION_DENIED when AUTH is refused.
  static absl::StatusOr<std::unique_ptr<RedisConnection>> Open(const RedisEndpoint& endpoint,
                                                               const RedisTimeouts& timeouts);

  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;
  ~RedisConnection();

  // Sends every command, then reads one reply per command, in order. Error replies
  // (REDIS_REPLY_ERROR) are replies, not errors. UNAVAILABLE on an I/O error,
  // DEADLINE_EXCEEDED on a timeout; the connection is then broken().
  absl::StatusOr<std::vector<RedisReply>> Pipeline(absl::Span<const RedisCommand> commands);

  absl::StatusOr<RedisReply> Run(const RedisCommand& command);

  bool broken() const;

 private:
  explicit RedisConnection(std::unique_ptr<redisContext, RedisContextDeleter> context);
  absl::Status IoError() const;

  std::unique_ptr<redisContext, RedisContextDeleter> context_;
};

// Helpers to read replies without including hiredis.h.
bool IsError(const redisReply& reply);
bool IsNil(const redisReply& reply);
// The text of a string, status or error reply; empty for other types.
std::string_view ReplyText(const redisReply& reply);
// The integer of an integer reply; nullopt for other types.
std::optional<long long> ReplyInteger(const redisReply& reply);
// The elements of an array reply; empty for other types.
absl::Span<redisReply* const> ReplyElements(const redisReply& reply);

}  // namespace parcours::cache::internal

#endif  // PARCOURS_LIBS_CACHE_REDIS_CONNECTION_H_
