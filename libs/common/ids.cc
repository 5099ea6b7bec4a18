#include "libs/common/ids.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace parcours {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Keeps ids monotonic within one process: in the same millisecond the random part is
// incremented instead of redrawn (the ULID spec's monotonic mode).
struct Generator {
  std::mutex mu;
  std::mt19937_64 rng{std::random_device{}()};
  uint64_t last_ms = 0;
  uint16_t hi = 0;  // top 16 of the 80 random bits
  uint64_t lo = 0;  // low 64 random bits
};

Generator& TheGenerator() {
  static Generator* g = new Generator();
  return *g;
}

}  // namespace

std::string NewId(std::string_view prefix, absl::Time now) {
  Generator& g = TheGenerator();
  uint64_t ms;
  uint16_t hi;
  uint64_t lo;
  {
    std::lock_guard<std::mutex> lock(g.mu);
    ms = static_cast<uint64_t>(absl::ToUnixMillis(now));
    if (ms <= g.last_ms) {
      ms = g.last_ms;
      if (++g.lo == 0) ++g.hi;
    } else {
      g.last_ms = ms;
      g.lo = g.rng();
      g.hi = static_cast<uint16_t>(g.rng() & 0x7fff);  // headroom for increments
    }
    hi = g.hi;
    lo = g.lo;
  }
  // 128 bits: 48 time | 16 hi | 64 lo, written as 26 base32 digits (130 bits, top 2 zero).
  std::array<char, 26> out;
  __extension__ using u128 = unsigned __int128;
  u128 v = (static_cast<u128>(ms & 0xffffffffffffULL) << 80) |
                        (static_cast<u128>(hi) << 64) | lo;
  for (int i = 25; i >= 0; --i) {
    out[i] = kCrockford[static_cast<int>(v & 31)];
    v >>= 5;
  }
  std::string_view ulid(out.data(), out.size());
  if (prefix.empty()) return std::string(ulid);
  std::string id(prefix);
  id += '_';
  id += ulid;
  return id;
}

bool IsWellFormedId(std::string_view id, std::string_view prefix) {
  if (!prefix.empty()) {
    if (id.size() != prefix.size() + 27 || id.substr(0, prefix.size()) != prefix ||
        id[prefix.size()] != '_') {
      return false;
    }
    id.remove_prefix(prefix.size() + 1);
  }
  if (id.size() != 26) return false;
  if (id[0] > '7') return false;  // the top two bits are zero
  for (char c : id) {
    bool found = false;
    for (const char* p = kCrockford; *p; ++p) found |= (*p == c);
    if (!found) return false;
  }
  return true;
}

}  // namespace parcours
