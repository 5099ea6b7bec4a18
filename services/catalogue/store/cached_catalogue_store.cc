#include "services/catalogue/store/cached_catalogue_store.h"

#include "absl/strings/numbers.h"

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
      // The local level first: a read of this replica then refills it from the database
      // (Redis holds a tombstone once the next line ran, or a value this version refuses).
      if (local_ != nullptr) local_->Invalidate(OfferKeys().Key(id), version);
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
                                           absl::Duration ttl, LocalOfferCache local)
    : inner_(inner),
      local_(local),
      offers_(cache, OfferKeys(), ttl),
      structures_(cache, StructureKeys(), ttl) {}

absl::StatusOr<v1::Offer> CachedCatalogueStore::GetOffer(const std::string& id) {
  const auto shared = [&] {
    return offers_.Get(id, [&](const std::string& key_id) {
      return ToCacheVersioned(inner_.GetOfferVersioned(key_id));
    });
  };
  if (local_.cache == nullptr) return shared();
  const std::string key = OfferKeys().Key(id);
  if (std::optional<std::string> bytes = local_.cache->Get(key); bytes.has_value()) {
    v1::Offer offer;
    if (offer.ParseFromString(*bytes)) return offer;
  }
  absl::StatusOr<v1::Offer> offer = shared();
  // The etag is the row version; the local level refuses it if it already knows a newer one.
  if (int64_t version = 0; offer.ok() && absl::SimpleAtoi(offer->etag(), &version)) {
    local_.cache->Put(key, offer->SerializeAsString(), version, local_.ttl);
  }
  return offer;
}

std::optional<std::string> CachedCatalogueStore::GetOfferFromMemory(const std::string& id) {
  if (local_.cache == nullptr) return std::nullopt;
  // The local level holds only what GetOffer serialized from a parsed offer, in this
  // process: its bytes need no check before they are sent.
  return local_.cache->Get(OfferKeys().Key(id));
}

void CachedCatalogueStore::InvalidateLocal(const v1::Offer& offer) {
  if (int64_t version = 0; local_.cache != nullptr && absl::SimpleAtoi(offer.etag(), &version)) {
    local_.cache->Invalidate(OfferKeys().Key(offer.id()), version);
  }
}

absl::StatusOr<v1::Structure> CachedCatalogueStore::GetStructure(const std::string& id) {
  return structures_.Get(id, [&](const std::string& key_id) {
    return ToCacheVersioned(inner_.GetStructureVersioned(key_id));
  });
}

}  // namespace parcours::catalogue
