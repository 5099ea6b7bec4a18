#include "libs/cache/redis_url.h"

#include <charconv>
#include <string>

#include "absl/status/status.h"

namespace parcours::cache {
namespace {

absl::Status Invalid(std::string_view why) {
  // The password must not end up in logs: name the problem, not the whole URL.
  std::string message = "REDIS_URL: ";
  message.append(why);
  message.append(" (expected redis://[[user]:password@]host[:port][/db])");
  return absl::InvalidArgumentError(message);
}

bool ParseInt(std::string_view text, int min, int max, int* out) {
  if (text.empty()) return false;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, 9) == "rediss://") {
    return Invalid("TLS (rediss://) is not supported by this build's hiredis");
  }
  if (url.substr(0, kScheme.size()) != kScheme) return Invalid("scheme must be redis://");
  std::string_view rest = url.substr(kScheme.size());

  RedisEndpoint ep;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) return Invalid("user without password");
    ep.user = std::string(userinfo.substr(0, colon));
    ep.password = std::string(userinfo.substr(colon + 1));
  }

  std::string_view hostport = rest;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    hostport = rest.substr(0, slash);
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !ParseInt(db, 0, 1 << 20, &ep.db)) {
      return Invalid("database must be a non-negative integer");
    }
  }

  std::string_view host = hostport;
  std::string_view port;
  if (!hostport.empty() && hostport.front() == '[') {  // [::1]:6379
    size_t close = hostport.find(']');
    if (close == std::string_view::npos) return Invalid("unterminated IPv6 address");
    host = hostport.substr(1, close - 1);
    std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Invalid("garbage after IPv6 address");
      port = after.substr(1);
      if (port.empty()) return Invalid("empty port");
    }
  } else if (size_t colon = hostport.rfind(':'); colon != std::string_view::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
    if (port.empty()) return Invalid("empty port");
  }
  if (host.empty()) return Invalid("missing host");
  if (!port.empty() && !ParseInt(port, 1, 65535, &ep.port)) {
    return Invalid("port must be 1-65535");
  }
  ep.host = std::string(host);
  return ep;
}

}  // namespace parcours::cache
