// The catalogue store with offer and structure reads through the cache (libs/cache):
// CachedCatalogueStore decorates any CatalogueStore for reads; CacheInvalidator, the
// SqlCatalogueStore's ChangeObserver, invalidates the exact keys after each commit with
// the version committed (a tombstone that refuses older puts, see libs/cache/cache.h).
// Prescriptions are never cached: they are personal data, and read by id rarely.
//
// Offers also have a replica-local first level (an InMemoryCache, the same versioned rules
// as Redis) in front of Redis, because a cache hit through Redis costs a network round trip
// that the benchmark showed to dominate GetOffer (scripts/bench). The local level is kept
// exact by the same versioned invalidations: this replica's commits (CacheInvalidator) and,
// for the other replicas' commits, the offers the index follower re-reads from the feed
// (InvalidateLocal). A replica may therefore serve an offer another replica changed for as
// long as its feed takes to deliver (tens of milliseconds), and never longer than
// `local_ttl` if the feed is broken. Its size is bounded by the number of offers.
//
//   CacheInvalidator invalidator(cache);
//   SqlCatalogueStore sql(db, sink, invalidator, clock, ref);
//   CachedCatalogueStore store(sql, cache);
//   store.GetOffer(id);   // Redis, else the database (then cached)
//
// With the cache off (NullCache) or Redis down, every read goes to the database: results
// are the same, only slower.
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_CACHED_CATALOGUE_STORE_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_CACHED_CATALOGUE_STORE_H_

#include "absl/time/time.h"
#include "libs/cache/cache.h"
#include "libs/cache/cached_loader.h"
#include "services/catalogue/store/catalogue_store.h"

namespace parcours::catalogue {

// Keys "parcours:catalogue:v1:offer:<id>" and "…:structure:<id>". Bump the schema version
// when the cached message changes meaning.
cache::KeySpace OfferKeys();
cache::KeySpace StructureKeys();

class CacheInvalidator final : public ChangeObserver {
 public:
  // `local`, when not null, is the replica-local offer cache (see CachedCatalogueStore).
  explicit CacheInvalidator(cache::Cache& cache, cache::Cache* local = nullptr)
      : cache_(cache), local_(local) {}
  void Committed(Kind kind, const std::string& id, int64_t version) override;

 private:
  cache::Cache& cache_;
  cache::Cache* const local_;
};

// The first level for offers: local to the process, versioned like Redis.
struct LocalOfferCache {
  cache::Cache* cache = nullptr;          // null: no first level
  absl::Duration ttl = absl::Seconds(1);  // bounds staleness when the feed is broken
};

class CachedCatalogueStore final : public CatalogueStore {
 public:
  // `inner` and `cache` must outlive this store. `ttl` bounds how long an entry whose
  // invalidation never reached Redis can be served.
  CachedCatalogueStore(CatalogueStore& inner, cache::Cache& cache,
                       absl::Duration ttl = absl::Minutes(5), LocalOfferCache local = {});

  absl::StatusOr<v1::Offer> GetOffer(const std::string& id) override;
  // From the local level only (the bytes GetOffer would parse there).
  std::optional<std::string> GetOfferFromMemory(const std::string& id) override;

  // Another replica committed `offer` (its etag is the version): drop older local copies.
  void InvalidateLocal(const v1::Offer& offer);
  absl::StatusOr<v1::Structure> GetStructure(const std::string& id) override;

  // Everything else goes to `inner` unchanged.
  absl::StatusOr<v1::Structure> CreateStructure(const std::string& request_id,
                                                const v1::Structure& s) override {
    return inner_.CreateStructure(request_id, s);
  }
  absl::StatusOr<Versioned<v1::Structure>> GetStructureVersioned(const std::string& id) override {
    return inner_.GetStructureVersioned(id);
  }
  absl::StatusOr<Page<v1::Structure>> ListStructures(const StructureFilter& f,
                                                     const PageRequest& p) override {
    return inner_.ListStructures(f, p);
  }
  absl::StatusOr<v1::Structure> UpdateStructure(const v1::Structure& s,
                                                const google::protobuf::FieldMask& m,
                                                int64_t v) override {
    return inner_.UpdateStructure(s, m, v);
  }
  absl::StatusOr<v1::Structure> CloseStructure(const std::string& id, int64_t v) override {
    return inner_.CloseStructure(id, v);
  }
  absl::StatusOr<v1::Offer> CreateOffer(const std::string& request_id,
                                        const v1::Offer& o) override {
    return inner_.CreateOffer(request_id, o);
  }
  absl::StatusOr<Versioned<v1::Offer>> GetOfferVersioned(const std::string& id) override {
    return inner_.GetOfferVersioned(id);
  }
  absl::StatusOr<std::vector<v1::Offer>> GetOffers(const std::vector<std::string>& ids) override {
    return inner_.GetOffers(ids);
  }
  absl::StatusOr<Page<v1::Offer>> ListOffers(const OfferFilter& f, const PageRequest& p) override {
    return inner_.ListOffers(f, p);
  }
  absl::StatusOr<v1::Offer> UpdateOffer(const v1::Offer& o, const google::protobuf::FieldMask& m,
                                        int64_t v) override {
    return inner_.UpdateOffer(o, m, v);
  }
  absl::StatusOr<v1::Offer> ChangeOfferStatus(const std::string& id, int64_t v,
                                              OfferAction a) override {
    return inner_.ChangeOfferStatus(id, v, a);
  }
  absl::StatusOr<v1::Prescription> CreatePrescription(const std::string& request_id,
                                                      const v1::Prescription& p,
                                                      const std::string& referent_id) override {
    return inner_.CreatePrescription(request_id, p, referent_id);
  }
  absl::StatusOr<v1::Prescription> GetPrescription(const std::string& id) override {
    return inner_.GetPrescription(id);
  }
  absl::StatusOr<Page<v1::Prescription>> ListPrescriptions(const PrescriptionFilter& f,
                                                           const PageRequest& p) override {
    return inner_.ListPrescriptions(f, p);
  }
  absl::StatusOr<v1::Prescription> ChangePrescription(const PrescriptionChange& c) override {
    return inner_.ChangePrescription(c);
  }
  absl::StatusOr<std::vector<v1::MobilisationRow>> Mobilisation(
      const MobilisationQuery& q) override {
    return inner_.Mobilisation(q);
  }
  absl::StatusOr<v1::ImportDataInclusionResponse> Import(const DataInclusionDocument& d,
                                                         bool publish) override {
    return inner_.Import(d, publish);
  }
  absl::StatusOr<std::pair<std::vector<v1::Structure>, std::vector<v1::Offer>>> PublishedOffer()
      override {
    return inner_.PublishedOffer();
  }
  absl::StatusOr<std::map<std::string, int64_t>> CountOffersByStatus() override {
    return inner_.CountOffersByStatus();
  }
  absl::StatusOr<std::map<std::string, int64_t>> CountPrescriptionsByStatus() override {
    return inner_.CountPrescriptionsByStatus();
  }

 private:
  CatalogueStore& inner_;
  const LocalOfferCache local_;
  cache::CachedLoader<v1::Offer> offers_;
  cache::CachedLoader<v1::Structure> structures_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_CACHED_CATALOGUE_STORE_H_
