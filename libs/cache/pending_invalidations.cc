#include "libs/cache/pending_invalidations.h"

namespace parcours::cache::internal {

PendingInvalidations::PendingInvalidations(size_t capacity) : capacity_(capacity) {}

bool PendingInvalidations::Add(std::string_view key, int64_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = versions_.find(absl::string_view(key.data(), key.size()));
  if (it != versions_.end()) {
    if (version > it->second) it->second = version;
    return true;
  }
  if (versions_.size() >= capacity_) return false;
  versions_.emplace(std::string(key), version);
  size_.store(versions_.size(), std::memory_order_release);
  return true;
}

std::optional<int64_t> PendingInvalidations::Find(std::string_view key) const {
  if (empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = versions_.find(absl::string_view(key.data(), key.size()));
  if (it == versions_.end()) return std::nullopt;
  return it->second;
}

std::vector<PendingInvalidations::Entry> PendingInvalidations::Take(size_t max) const {
  std::vector<Entry> out;
  if (empty()) return out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, version] : versions_) {
    if (out.size() >= max) break;
    out.emplace_back(key, version);
  }
  return out;
}

void PendingInvalidations::Forget(absl::Span<const Entry> replayed) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, version] : replayed) {
    auto it = versions_.find(absl::string_view(key.data(), key.size()));
    if (it != versions_.end() && it->second <= version) versions_.erase(it);
  }
  size_.store(versions_.size(), std::memory_order_release);
}

void PendingInvalidations::Forget(std::string_view key, int64_t version) {
  if (empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = versions_.find(absl::string_view(key.data(), key.size()));
  if (it != versions_.end() && it->second <= version) versions_.erase(it);
  size_.store(versions_.size(), std::memory_order_release);
}

}  // namespace parcours::cache::internal
