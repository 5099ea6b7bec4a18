// Cache-aside in one place, so that a service's cached store is a thin decorator around
// its store instead of cache code repeated in every method. T is a protobuf message (or
// anything with ParseFromString / SerializeAsString).
//
//   class CachedOfferStore final : public OfferStore {
//    public:
//     absl::StatusOr<Offer> Get(const std::string& id) override {
//       return offers_.Get(id, [&](const std::string& id) { return store_.GetVersioned(id); });
//     }
//     absl::StatusOr<Offer> Update(const Offer& offer, ...) override {
//       ASSIGN_OR_RETURN(Versioned<Offer> saved, store_.Update(offer, ...));  // committed
//       offers_.Invalidate(offer.id(), saved.version);
//       return std::move(saved.value);
//     }
//    private:
//     OfferStore& store_;
//     CachedLoader<Offer> offers_{cache, KeySpace("catalogue", "offer", 1), absl::Minutes(5)};
//   };
//
// Only found entities are cached: a NOT_FOUND (or any error) from the loader is returned
// as is and nothing is stored. Bytes that do not parse are treated as a miss and replaced.
// Thread-safe if the cache is (every Cache is) and the loader is.
#ifndef PARCOURS_LIBS_CACHE_CACHED_LOADER_H_
#define PARCOURS_LIBS_CACHE_CACHED_LOADER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/cache/cache.h"

namespace parcours::cache {

// An entity as read from the database, with the row version it was read at (its etag's
// number, increased by every committed write).
template <typename T>
struct Versioned {
  T value;
  int64_t version = 0;
};

template <typename T>
class CachedLoader {
 public:
  // Loads one entity from the database.
  using LoadOne = absl::FunctionRef<absl::StatusOr<Versioned<T>>(const std::string& id)>;
  // Loads several in one query; one result per id, in order, nullopt for "not found".
  using LoadMany = absl::FunctionRef<absl::StatusOr<std::vector<std::optional<Versioned<T>>>>(
      absl::Span<const std::string> ids)>;

  // `cache` must outlive the loader. `ttl` bounds how long a value may be served after an
  // invalidation that never reached Redis (see pending_invalidations.h).
  CachedLoader(Cache& cache, KeySpace keys, absl::Duration ttl)
      : cache_(cache), keys_(std::move(keys)), ttl_(ttl) {}

  // From the cache, else from `load` (then cached).
  absl::StatusOr<T> Get(const std::string& id, LoadOne load) const {
    const std::string key = keys_.Key(id);
    if (std::optional<std::string> bytes = cache_.Get(key); bytes.has_value()) {
      T value;
      if (value.ParseFromString(*bytes)) return value;
    }
    absl::StatusOr<Versioned<T>> loaded = load(id);
    if (!loaded.ok()) return loaded.status();
    cache_.Put(key, loaded->value.SerializeAsString(), loaded->version, ttl_);
    return std::move(loaded->value);
  }

  // One result per id, in order (nullopt: not found). One cache round trip for all ids,
  // one `load` call for those the cache did not have, one pipelined round trip to cache
  // what was loaded.
  absl::StatusOr<std::vector<std::optional<T>>> GetMany(absl::Span<const std::string> ids,
                                                        LoadMany load) const {
    std::vector<std::string> keys;
    keys.reserve(ids.size());
    for (const std::string& id : ids) keys.push_back(keys_.Key(id));
    std::vector<std::optional<std::string>> cached = cache_.MultiGet(keys);

    std::vector<std::optional<T>> results(ids.size());
    std::vector<size_t> missing;
    std::vector<std::string> missing_ids;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (cached[i].has_value()) {
        T value;
        if (value.ParseFromString(*cached[i])) {
          results[i] = std::move(value);
          continue;
        }
      }
      missing.push_back(i);
      missing_ids.push_back(ids[i]);
    }
    if (missing.empty()) return results;

    absl::StatusOr<std::vector<std::optional<Versioned<T>>>> loaded = load(missing_ids);
    if (!loaded.ok()) return loaded.status();
    if (loaded->size() != missing.size()) {
      return absl::InternalError(absl::StrCat("CachedLoader: loader returned ", loaded->size(),
                                              " results for ", missing.size(), " ids"));
    }
    std::vector<CacheEntry> entries;
    entries.reserve(missing.size());
    for (size_t j = 0; j < missing.size(); ++j) {
      std::optional<Versioned<T>>& found = (*loaded)[j];
      if (!found.has_value()) continue;
      entries.push_back({keys[missing[j]], found->value.SerializeAsString(), found->version, ttl_});
      results[missing[j]] = std::move(found->value);
    }
    if (!entries.empty()) cache_.PutMany(entries);
    return results;
  }

  // Call after the transaction that committed `new_version` of entity `id`.
  WriteResult Invalidate(const std::string& id, int64_t new_version) const {
    return cache_.Invalidate(keys_.Key(id), new_version);
  }

  const KeySpace& keys() const { return keys_; }

 private:
  Cache& cache_;
  const KeySpace keys_;
  const absl::Duration ttl_;
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_CACHED_LOADER_H_
