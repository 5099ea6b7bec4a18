#include "libs/cache/redis_connection.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <cerrno>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace parcours::cache::internal {
namespace {

timeval TimevalAtLeast1ms(absl::Duration d) {
  if (d < absl::Milliseconds(1)) d = absl::Milliseconds(1);  // 0 would mean "no timeout"
  return absl::ToTimeval(d);
}

}  // namespace

void RedisContextDeleter::operator()(redisContext* c) const { redisFree(c); }
void RedisReplyDeleter::operator()(redisReply* r) const { freeReplyObject(r); }

RedisConnection::RedisConnection(std::unique_ptr<redisContext, RedisContextDeleter> context)
    : context_(std::move(context)) {}

RedisConnection::~RedisConnection() = default;

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisConnection::Open(
    const RedisEndpoint& endpoint, const RedisTimeouts& timeouts) {
  std::unique_ptr<redisContext, RedisContextDeleter> context(redisConnectWithTimeout(
      endpoint.host.c_str(), endpoint.port, TimevalAtLeast1ms(timeouts.connect)));
  const int connect_errno = errno;
  if (context == nullptr) return absl::ResourceExhaustedError("redis: cannot allocate context");
  if (context->err != 0) {
    std::string where = absl::StrCat("redis: connect to ", endpoint.host, ":", endpoint.port, ": ",
                                     context->errstr);
    // hiredis reports a connect timeout as an I/O error with errno ETIMEDOUT or EINPROGRESS.
    if (connect_errno == ETIMEDOUT || connect_errno == EINPROGRESS)
      return absl::DeadlineExceededError(where);
    return absl::UnavailableError(where);
  }
  if (redisSetTimeout(context.get(), TimevalAtLeast1ms(timeouts.command)) != REDIS_OK) {
    return absl::UnavailableError(absl::StrCat("redis: cannot set timeout: ", context->errstr));
  }
  std::unique_ptr<RedisConnection> conn(new RedisConnection(std::move(context)));

  std::vector<RedisCommand> setup;
  if (!endpoint.password.empty()) {
    if (endpoint.user.empty()) {
      setup.push_back({"AUTH", endpoint.password});
    } else {
      setup.push_back({"AUTH", endpoint.user, endpoint.password});
    }
  }
  if (endpoint.db != 0) setup.push_back({"SELECT", std::to_string(endpoint.db)});
  if (setup.empty()) return conn;
  absl::StatusOr<std::vector<RedisReply>> replies = conn->Pipeline(setup);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < replies->size(); ++i) {
    const redisReply& reply = *(*replies)[i];
    if (!IsError(reply)) continue;
    const std::string_view text = ReplyText(reply);
    std::string what = absl::StrCat("redis: ", setup[i][0],
                                    " refused: ", absl::string_view(text.data(), text.size()));
    if (setup[i][0] == "AUTH") return absl::PermissionDeniedError(what);
    return absl::FailedPreconditionError(what);
  }
  return conn;
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    absl::Span<const RedisCommand> commands) {
  if (broken()) return IoError();
  std::vector<const char*> argv;
  std::vector<size_t> argvlen;
  for (const RedisCommand& command : commands) {
    argv.clear();
    argvlen.clear();
    for (const std::string& arg : command) {
      argv.push_back(arg.data());
      argvlen.push_back(arg.size());
    }
    // Appending only fills the output buffer; nothing is sent before the first read.
    if (redisAppendCommandArgv(context_.get(), static_cast<int>(argv.size()), argv.data(),
                               argvlen.data()) != REDIS_OK) {
      return IoError();
    }
  }
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(context_.get(), &reply) != REDIS_OK || reply == nullptr) return IoError();
    replies.emplace_back(static_cast<redisReply*>(reply));
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisConnection::Run(const RedisCommand& command) {
  absl::StatusOr<std::vector<RedisReply>> replies = Pipeline({&command, 1});
  if (!replies.ok()) return replies.status();
  return std::move(replies->front());
}

bool RedisConnection::broken() const { return context_->err != 0; }

absl::Status RedisConnection::IoError() const {
  // A blocking hiredis context reports SO_RCVTIMEO expiry as an I/O error whose text is
  // strerror(EAGAIN).
  std::string_view text = context_->errstr;
  std::string message = absl::StrCat("redis: ", context_->errstr);
  if (context_->err == REDIS_ERR_IO &&
      (text.find("temporarily unavailable") != std::string_view::npos ||
       text.find("timed out") != std::string_view::npos)) {
    return absl::DeadlineExceededError(message);
  }
  return absl::UnavailableError(message);
}

bool IsError(const redisReply& reply) { return reply.type == REDIS_REPLY_ERROR; }
bool IsNil(const redisReply& reply) { return reply.type == REDIS_REPLY_NIL; }

std::string_view ReplyText(const redisReply& reply) {
  switch (reply.type) {
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      return std::string_view(reply.str, reply.len);
    default:
      return {};
  }
}

std::optional<long long> ReplyInteger(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_INTEGER) return std::nullopt;
  return reply.integer;
}

absl::Span<redisReply* const> ReplyElements(const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.element == nullptr) return {};
  return absl::Span<redisReply* const>(reply.element, reply.elements);
}

}  // namespace parcours::cache::internal
