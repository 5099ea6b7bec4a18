#include "services/catalogue/search/offer_index.h"

#include "absl/strings/numbers.h"

namespace parcours::catalogue {
namespace {

int64_t VersionOf(const v1::Offer& o) {
  int64_t v = 0;
  return absl::SimpleAtoi(o.etag(), &v) ? v : 0;
}

}  // namespace

OfferIndex::OfferIndex(const ReferenceData& ref) : ref_(ref), snapshot_(SearchIndex::Build({})) {}

void OfferIndex::Reset(const std::vector<v1::Offer>& offers) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  docs_.clear();
  versions_.clear();
  for (const v1::Offer& o : offers) {
    versions_[o.id()] = VersionOf(o);
    if (o.status() == v1::OFFER_STATUS_PUBLISHED) docs_[o.id()] = IndexedOffer::Make(o, ref_);
  }
  Rebuild();
}

void OfferIndex::Apply(const std::vector<v1::Offer>& changed,
                       const std::vector<std::string>& removed) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  for (const v1::Offer& o : changed) {
    int64_t& seen = versions_[o.id()];
    const int64_t version = VersionOf(o);
    if (version < seen) continue;
    seen = version;
    if (o.status() == v1::OFFER_STATUS_PUBLISHED) {
      docs_[o.id()] = IndexedOffer::Make(o, ref_);
    } else {
      docs_.erase(o.id());
    }
  }
  for (const std::string& id : removed) docs_.erase(id);
  Rebuild();
}

void OfferIndex::Rebuild() {
  std::vector<std::shared_ptr<const IndexedOffer>> docs;
  docs.reserve(docs_.size());
  for (const auto& [id, doc] : docs_) docs.push_back(doc);
  std::shared_ptr<const SearchIndex> next = SearchIndex::Build(std::move(docs));
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_ = std::move(next);
}

std::shared_ptr<const SearchIndex> OfferIndex::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

}  // namespace parcours::catalogue
