#include "services/catalogue/store/cached_catalogue_store.h"

namespace parcours::catalogue {
namespace {

template <typename T>
absl::StatusOr<cache::Versioned<T>> ToCacheVersioned(absl::StatusOr<Versioned<T>> loaded) {
  if (!loaded.ok()) return loaded.status();
  return cache::Versioned<T>{std::move(loaded->value), loaded->version};
}

}  // namespace

cache::KeySpace OfferKeys() { return cache::KeySpace("catalogue", "offer", 1); }
cache::KeySpace StructureKeys() { return cache::KeySpace("catalogue", "structure", 1); }

void CacheInvalidator::Committed(Kind kind, const std::string& id, int64_t version) {
  switch (kind) {
    case Kind::kOffer:
      cache_.Invalidate(OfferKeys().Key(id), version);
      break;
    case Kind::kStructure:
      cache_.Invalidate(StructureKeys().Key(id), version);
      break;
    case Kind::kPrescription:
      break;  // not cached
  }
}

CachedCatalogueStore::CachedCatalogueStore(CatalogueStore& inner, cache::Cache& cache,
                                           absl::Duration ttl)
    : inner_(inner), offers_(cache, OfferKeys(), ttl), structures_(cache, StructureKeys(), ttl) {}

absl::StatusOr<v1::Offer> CachedCatalogueStore::GetOffer(const std::string& id) {
  return offers_.Get(id, [&](const std::string& key_id) {
    return ToCacheVersioned(inner_.GetOfferVersioned(key_id));
  });
}

absl::StatusOr<v1::Structure> CachedCatalogueStore::GetStructure(const std::string& id) {
  return structures_.Get(id, [&](const std::string& key_id) {
    return ToCacheVersioned(inner_.GetStructureVersioned(key_id));
  });
}

}  // namespace parcours::catalogue
