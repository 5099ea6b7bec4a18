// The search index of one replica: the published offers, as an immutable SearchIndex
// snapshot replaced whole when offers change. Readers take the current snapshot and never
// wait for a rebuild; a rebuild (tens of milliseconds for thousands of offers) runs on the
// writer's thread, once per batch of changes.
//
//   OfferIndex index(ref);
//   index.Reset(published_offers);                 // at start
//   index.Apply(changed_offers, removed_ids);      // from the feed follower
//   std::shared_ptr<const SearchIndex> s = index.snapshot();
#ifndef PARCOURS_SERVICES_CATALOGUE_SEARCH_OFFER_INDEX_H_
#define PARCOURS_SERVICES_CATALOGUE_SEARCH_OFFER_INDEX_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/reference_data.h"
#include "services/catalogue/domain/search_index.h"

namespace parcours::catalogue {

class OfferIndex {
 public:
  explicit OfferIndex(const ReferenceData& ref);

  // Replaces the content with `offers` (those PUBLISHED are indexed).
  void Reset(const std::vector<v1::Offer>& offers);

  // `changed` offers are indexed if PUBLISHED and removed otherwise; `removed` ids are
  // removed. An offer older than the one indexed (lower etag) is ignored, so replaying
  // events out of order never goes back in time.
  void Apply(const std::vector<v1::Offer>& changed, const std::vector<std::string>& removed);

  std::shared_ptr<const SearchIndex> snapshot() const;

 private:
  void Rebuild();  // with writer_mu_ held

  const ReferenceData& ref_;
  std::mutex writer_mu_;  // one writer at a time; guards docs_ and versions_
  std::map<std::string, std::shared_ptr<const IndexedOffer>> docs_;
  std::map<std::string, int64_t> versions_;  // etag of the last version seen, indexed or not
  mutable std::mutex mu_;  // guards snapshot_ only, so readers never wait for a rebuild
  std::shared_ptr<const SearchIndex> snapshot_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_SEARCH_OFFER_INDEX_H_
