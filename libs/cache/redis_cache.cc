#include "libs/cache/redis_cache.h"

#include <openssl/evp.h>

#include <algorithm>
#include <csignal>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "libs/cache/versioned_entry.h"

namespace parcours::cache {

using internal::DecodedEntry;
using internal::RedisCommand;
using internal::RedisReply;

struct RedisCache::ScriptWrite {
  std::string key;
  std::string entry;  // encoded value or tombstone
  int64_t version;
  absl::Duration ttl;
  bool invalidation;
};

namespace {

// EVALSHA names a script by the SHA-1 of its text; computing it here keeps the name
// constant and saves a SCRIPT LOAD round trip on every new connection.
std::string Sha1Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

void IgnoreSigpipeIfDefault() {
  struct sigaction current {};
  if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
    std::signal(SIGPIPE, SIG_IGN);
  }
}

bool IsNoScript(const redisReply& reply) {
  return internal::IsError(reply) && internal::ReplyText(reply).substr(0, 8) == "NOSCRIPT";
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisCache>> RedisCache::Create(RedisCacheOptions options,
                                                               prometheus::Registry& registry,
                                                               const Clock& clock) {
  if (options.name.empty()) return absl::InvalidArgumentError("RedisCache: empty cache name");
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(options.url);
  if (!endpoint.ok()) return endpoint.status();
  if (!options.password.empty()) endpoint->password = options.password;
  IgnoreSigpipeIfDefault();
  return std::unique_ptr<RedisCache>(
      new RedisCache(std::move(options), *std::move(endpoint), registry, clock));
}

RedisCache::RedisCache(RedisCacheOptions options, RedisEndpoint endpoint,
                       prometheus::Registry& registry, const Clock& clock)
    : options_(std::move(options)),
      endpoint_(std::move(endpoint)),
      script_sha_(Sha1Hex(internal::kConditionalSetScript)),
      metrics_(registry, options_.name),
      pool_(options_.pool_size, options_.command_timeout,
            [this] {
              return internal::RedisConnection::Open(
                  endpoint_,
                  {.connect = options_.connect_timeout, .command = options_.command_timeout});
            }),
      pending_(options_.max_pending_invalidations),
      breaker_(options_.breaker, clock, [this](BreakerState to) {
        metrics_.SetBreakerState(to);
        if (to == BreakerState::kOpen) pool_.DropIdle();
      }) {}

RedisCache::~RedisCache() = default;

std::optional<std::string> RedisCache::Get(std::string_view key) {
  std::string k(key);
  return std::move(Lookup(CacheOp::kGet, {&k, 1}).front());
}

std::vector<std::optional<std::string>> RedisCache::MultiGet(absl::Span<const std::string> keys) {
  return Lookup(CacheOp::kMultiGet, keys);
}

WriteResult RedisCache::Put(std::string_view key, std::string_view value, int64_t version,
                            absl::Duration ttl) {
  // A negative version is a contract violation, reported as kError by Write().
  ScriptWrite w{std::string(key), version >= 0 ? internal::EncodeValue(version, value) : "",
                version, ttl, false};
  return Write(CacheOp::kPut, {&w, 1}).front();
}

std::vector<WriteResult> RedisCache::PutMany(absl::Span<const CacheEntry> entries) {
  std::vector<ScriptWrite> writes;
  writes.reserve(entries.size());
  for (const CacheEntry& e : entries) {
    // A negative version is a contract violation, reported as kError by Write().
    writes.push_back({e.key, e.version >= 0 ? internal::EncodeValue(e.version, e.value) : "",
                      e.version, e.ttl, false});
  }
  return Write(CacheOp::kPut, writes);
}

WriteResult RedisCache::Invalidate(std::string_view key, int64_t new_version) {
  ScriptWrite w{std::string(key), new_version >= 0 ? internal::EncodeTombstone(new_version) : "",
                new_version, options_.tombstone_ttl, true};
  return Write(CacheOp::kInvalidate, {&w, 1}).front();
}

std::vector<std::optional<std::string>> RedisCache::Lookup(CacheOp op,
                                                           absl::Span<const std::string> keys) {
  const absl::Time start = absl::Now();
  std::vector<std::optional<std::string>> results(keys.size());
  size_t hits = 0, misses = 0, errors = 0, bypassed = 0;

  // Keys this process invalidated without reaching Redis are not read from it.
  std::vector<size_t> asked;
  asked.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (pending_.Find(keys[i]).has_value()) {
      ++bypassed;
    } else {
      asked.push_back(i);
    }
  }

  if (!asked.empty()) {
    RedisCommand command;
    command.reserve(asked.size() + 1);
    command.push_back(op == CacheOp::kGet ? "GET" : "MGET");
    for (size_t i : asked) command.push_back(keys[i]);
    std::vector<RedisReply> replies;
    std::vector<RedisCommand> commands;
    commands.push_back(std::move(command));
    switch (Exchange(std::move(commands), &replies)) {
      case Contact::kBypassed:
        bypassed += asked.size();
        break;
      case Contact::kFailed:
        errors += asked.size();
        break;
      case Contact::kDone: {
        const redisReply& reply = *replies.front();
        std::vector<const redisReply*> values;
        if (op == CacheOp::kGet) {
          values.push_back(&reply);
        } else {
          for (const redisReply* element : internal::ReplyElements(reply))
            values.push_back(element);
        }
        if (values.size() != asked.size()) {  // an error reply, or a protocol surprise
          errors += asked.size();
          break;
        }
        for (size_t j = 0; j < asked.size(); ++j) {
          const redisReply& value = *values[j];
          if (internal::IsNil(value)) {
            ++misses;
            continue;
          }
          std::optional<DecodedEntry> entry = internal::DecodeEntry(internal::ReplyText(value));
          if (!entry.has_value()) {
            ++errors;  // not our format: cannot happen inside our key space
          } else if (entry->kind == DecodedEntry::Kind::kTombstone) {
            ++misses;
          } else {
            ++hits;
            results[asked[j]] = std::string(entry->payload);
          }
        }
        break;
      }
    }
  }

  metrics_.CountRead(op, ReadResult::kHit, hits);
  metrics_.CountRead(op, ReadResult::kMiss, misses);
  metrics_.CountRead(op, ReadResult::kError, errors);
  metrics_.CountRead(op, ReadResult::kBypass, bypassed);
  metrics_.ObserveLatency(op, absl::Now() - start);
  return results;
}

std::vector<WriteResult> RedisCache::Write(CacheOp op, absl::Span<const ScriptWrite> writes) {
  const absl::Time start = absl::Now();
  std::vector<WriteResult> results(writes.size(), WriteResult::kError);
  std::vector<size_t> sent;
  std::vector<RedisCommand> commands;
  for (size_t i = 0; i < writes.size(); ++i) {
    const ScriptWrite& w = writes[i];
    if (w.version < 0) continue;  // kError: contract violation
    // This process knows of a newer invalidation that Redis has not seen yet.
    std::optional<int64_t> pending = pending_.Find(w.key);
    if (pending.has_value() && *pending > w.version) {
      results[i] = WriteResult::kStale;
      continue;
    }
    sent.push_back(i);
    commands.push_back(ScriptCommand(w.key, w.entry, w.ttl, /*by_sha=*/true));
  }

  if (!sent.empty()) {
    std::vector<RedisReply> replies;
    const Contact contact = Exchange(std::move(commands), &replies);
    for (size_t j = 0; j < sent.size(); ++j) {
      WriteResult& result = results[sent[j]];
      if (contact == Contact::kBypassed) {
        result = WriteResult::kBypassed;
      } else if (contact == Contact::kFailed) {
        result = WriteResult::kError;
      } else {
        std::optional<long long> written = internal::ReplyInteger(*replies[j]);
        result = !written.has_value() ? WriteResult::kError
                 : *written == 1      ? WriteResult::kStored
                                      : WriteResult::kStale;
      }
    }
  }

  for (size_t i = 0; i < writes.size(); ++i) {
    const ScriptWrite& w = writes[i];
    if (w.invalidation && w.version >= 0) {
      // Stored or refused for a newer version: Redis now holds something at least as new.
      if (results[i] == WriteResult::kStored || results[i] == WriteResult::kStale) {
        pending_.Forget(w.key, w.version);
      } else {
        KeepPending(w.key, w.version);
      }
    }
    metrics_.CountWrite(op, results[i]);
  }
  metrics_.ObserveLatency(op, absl::Now() - start);
  return results;
}

RedisCache::Contact RedisCache::Exchange(std::vector<RedisCommand> commands,
                                         std::vector<RedisReply>* replies) {
  const CircuitBreaker::Permit permit = breaker_.Acquire();
  if (permit == CircuitBreaker::Permit::kDenied) return Contact::kBypassed;
  absl::StatusOr<internal::ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) {
    // Every connection busy says nothing about Redis's health: no verdict for the breaker.
    if (absl::IsResourceExhausted(lease.status())) return Contact::kBypassed;
    breaker_.RecordFailure(permit);
    return Contact::kFailed;
  }

  // Replayed invalidations go first, so the caller's commands see them. EVAL rather than
  // EVALSHA: a replay is rare and must not need a second round trip.
  const std::vector<internal::PendingInvalidations::Entry> replays =
      pending_.Take(options_.replay_batch);
  std::vector<RedisCommand> pipeline;
  pipeline.reserve(replays.size() + commands.size());
  for (const auto& [key, version] : replays) {
    pipeline.push_back(ScriptCommand(key, internal::EncodeTombstone(version),
                                     options_.tombstone_ttl, /*by_sha=*/false));
  }
  for (RedisCommand& c : commands) pipeline.push_back(std::move(c));

  absl::StatusOr<std::vector<RedisReply>> all = (*lease)->Pipeline(pipeline);
  if (!all.ok()) {
    breaker_.RecordFailure(permit);
    return Contact::kFailed;
  }
  std::vector<internal::PendingInvalidations::Entry> landed;
  for (size_t i = 0; i < replays.size(); ++i) {
    if (internal::ReplyInteger(*(*all)[i]).has_value()) landed.push_back(replays[i]);
  }
  pending_.Forget(landed);

  replies->clear();
  for (size_t i = replays.size(); i < all->size(); ++i) replies->push_back(std::move((*all)[i]));

  // Redis lost the script (restart, SCRIPT FLUSH, failover): send those again with the
  // full text, which also loads it for the next EVALSHA.
  std::vector<size_t> retry;
  std::vector<RedisCommand> again;
  for (size_t i = 0; i < replies->size(); ++i) {
    if (IsNoScript(*(*replies)[i])) {
      RedisCommand c = std::move(pipeline[replays.size() + i]);
      c[0] = "EVAL";
      c[1] = internal::kConditionalSetScript;
      retry.push_back(i);
      again.push_back(std::move(c));
    }
  }
  if (!again.empty()) {
    absl::StatusOr<std::vector<RedisReply>> second = (*lease)->Pipeline(again);
    if (!second.ok()) {
      breaker_.RecordFailure(permit);
      return Contact::kFailed;
    }
    for (size_t j = 0; j < retry.size(); ++j) (*replies)[retry[j]] = std::move((*second)[j]);
  }
  breaker_.RecordSuccess(permit);
  return Contact::kDone;
}

RedisCommand RedisCache::ScriptCommand(std::string key, std::string entry, absl::Duration ttl,
                                       bool by_sha) const {
  const int64_t ttl_ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(ttl));
  return RedisCommand{by_sha ? "EVALSHA" : "EVAL",
                      by_sha ? script_sha_ : std::string(internal::kConditionalSetScript),
                      "1",
                      std::move(key),
                      std::move(entry),
                      std::to_string(ttl_ms)};
}

void RedisCache::KeepPending(std::string_view key, int64_t version) {
  if (!pending_.Add(key, version)) metrics_.CountDroppedInvalidation();
}

}  // namespace parcours::cache
