#include "libs/cache/in_memory_cache.h"

#include <utility>

namespace parcours::cache {

InMemoryCache::InMemoryCache(const Clock& clock, absl::Duration tombstone_ttl)
    : clock_(clock), tombstone_ttl_(tombstone_ttl) {}

std::optional<std::string> InMemoryCache::GetLocked(std::string_view key) {
  auto it = entries_.find(absl::string_view(key.data(), key.size()));
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= clock_.Now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  if (it->second.tombstone) return std::nullopt;
  return it->second.value;
}

std::optional<std::string> InMemoryCache::Get(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  ++lookups_;
  return GetLocked(key);
}

std::vector<std::optional<std::string>> InMemoryCache::MultiGet(
    absl::Span<const std::string> keys) {
  std::lock_guard<std::mutex> lock(mu_);
  ++lookups_;
  std::vector<std::optional<std::string>> out;
  out.reserve(keys.size());
  for (const std::string& key : keys) out.push_back(GetLocked(key));
  return out;
}

WriteResult InMemoryCache::WriteLocked(std::string_view key, Entry entry) {
  if (entry.version < 0) return WriteResult::kError;
  auto it = entries_.find(absl::string_view(key.data(), key.size()));
  if (it != entries_.end() && it->second.expires > clock_.Now() &&
      it->second.version > entry.version) {
    return WriteResult::kStale;  // the same rule as the Lua script in versioned_entry.h
  }
  entries_.insert_or_assign(std::string(key), std::move(entry));
  return WriteResult::kStored;
}

WriteResult InMemoryCache::Put(std::string_view key, std::string_view value, int64_t version,
                               absl::Duration ttl) {
  std::lock_guard<std::mutex> lock(mu_);
  return WriteLocked(key, {false, version, std::string(value), clock_.Now() + ttl});
}

std::vector<WriteResult> InMemoryCache::PutMany(absl::Span<const CacheEntry> entries) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<WriteResult> out;
  out.reserve(entries.size());
  for (const CacheEntry& e : entries) {
    out.push_back(WriteLocked(e.key, {false, e.version, e.value, clock_.Now() + e.ttl}));
  }
  return out;
}

WriteResult InMemoryCache::Invalidate(std::string_view key, int64_t new_version) {
  std::lock_guard<std::mutex> lock(mu_);
  return WriteLocked(key, {true, new_version, std::string(), clock_.Now() + tombstone_ttl_});
}

size_t InMemoryCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t live = 0;
  const absl::Time now = clock_.Now();
  for (const auto& [key, entry] : entries_) live += entry.expires > now ? 1 : 0;
  return live;
}

size_t InMemoryCache::lookups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lookups_;
}

}  // namespace parcours::cache
