// The in-memory search index over published offers: French full text (folded words, the
// last query word matching as a prefix), filters, eligibility, and a stable order for
// cursor pagination. An index is an immutable snapshot; a replica builds a new one when
// offers change (search/offer_index.h) and readers keep the one they started with.
//
//   auto index = SearchIndex::Build({IndexedOffer::Make(offer, ref), ...});
//   SearchQuery q = {.terms = QueryTerms("mobilité permis")};
//   SearchPage page = index->Search(q, /*after=*/std::nullopt, /*page_size=*/20, ref);
//   // page.next: the cursor of the last hit when more follow
//
// Order and stability: with query words, by score descending then id ascending; without,
// by id. The score of an offer depends only on its own text and the query (no corpus-wide
// statistics such as IDF), so creating, changing or removing *other* offers never moves an
// offer. The cursor is the (score, id) of the last hit returned and the next page starts
// strictly after it: a matching offer that is not itself modified during a walk is returned
// exactly once, and no id is returned twice unless its own score changed mid-walk.
//
// Cost (SearchOffers runs it per call): each word's postings are kept twice, by doc (docs are
// sorted by id) and in the index order (weight descending, then doc). A one-word query
// whose word begins one indexed word — the common case — walks the second list from the
// cursor. Several words go by score level: each word's ranked list splits into runs of one
// weight, the combinations of one run per word are the levels, highest first; a level's
// docs are gathered as bits (long runs carry their docs as bits, so a combination of long
// runs is one AND per 64 docs, and a short run is walked and probed in the others; a
// territory filter is one more AND), then read in doc order. Queries with too many combinations
// intersect whole lists (the last word's prefix words merged k-way by doc, from the
// shortest list) and order the candidates by a counting sort on their small integer
// score. Every way, the filters run only on candidates in the index order, until the page
// is full (+1, to know that more follow).
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_SEARCH_INDEX_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_SEARCH_INDEX_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "parcours/catalogue/v1/catalogue.pb.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

// Field weights of an exact word match; a prefix match counts half.
inline constexpr int kTitleWeight = 8;
inline constexpr int kThematiqueWeight = 6;
inline constexpr int kSummaryWeight = 4;
inline constexpr int kDescriptionWeight = 2;
// Even weights keep their order when halved, so a word matched only as a prefix keeps its
// postings' index order (the search walks them as stored).
static_assert(kTitleWeight % 2 == 0 && kThematiqueWeight % 2 == 0 && kSummaryWeight % 2 == 0 &&
              kDescriptionWeight % 2 == 0);

// One offer as the index keeps it: the offer and what filters need, precomputed once per
// offer version.
struct IndexedOffer {
  static std::shared_ptr<const IndexedOffer> Make(v1::Offer offer, const ReferenceData& ref);

  v1::Offer offer;
  // `offer` serialized, once per version: a search response copies these bytes instead of
  // copying and serializing the message for every hit (search/encoded_hits.h).
  std::string offer_bytes;
  std::vector<std::pair<std::string, int>> terms;  // distinct words, best weight; sorted
  std::vector<std::string> categories;             // thematique categories ("mobilite")
  CommuneSet served;
  bool all_publics = false;  // "tous-publics" or no public given
};

struct SearchQuery {
  std::vector<std::string> terms;        // QueryTerms(text)
  std::vector<std::string> thematiques;  // values or categories; any of them
  std::optional<CommuneSet> territory;   // offers serving one of these communes
  std::vector<std::string> publics;      // any of them
  v1::FundingSource funding = v1::FUNDING_SOURCE_UNSPECIFIED;
  std::string pdi_fiche;
  bool has_free_places = false;
  std::optional<v1::BeneficiaryProfile> eligible_for;
  absl::CivilDay today;
};

// The folded search words of a query text (stop words dropped).
std::vector<std::string> QueryTerms(std::string_view text);

struct SearchCursor {
  int64_t score = 0;
  std::string id;
  bool operator==(const SearchCursor&) const = default;
};

struct SearchHitRef {
  std::shared_ptr<const IndexedOffer> doc;
  int64_t score = 0;
};

struct SearchPage {
  std::vector<SearchHitRef> hits;
  std::optional<SearchCursor> next;  // set when more hits follow
};

class SearchIndex {
 public:
  // `docs` in any order; ids must be distinct (a later duplicate replaces an earlier one).
  // `long_run`: runs at least this long get bits (see long_run_); 0 picks the rule below.
  // Results never depend on it; tests vary it so that both ways of intersecting run.
  static std::shared_ptr<const SearchIndex> Build(
      std::vector<std::shared_ptr<const IndexedOffer>> docs, size_t long_run = 0);

  // Hits strictly after `after` in the index order, at most `page_size` (>= 1).
  SearchPage Search(const SearchQuery& query, const std::optional<SearchCursor>& after,
                    int page_size, const ReferenceData& ref) const;

  size_t size() const { return docs_.size(); }
  // Offers in id order.
  const std::vector<std::shared_ptr<const IndexedOffer>>& docs() const { return docs_; }

 private:
  struct Posting {
    uint32_t doc;
    int weight;
  };
  // A posting list to intersect: a stored list (weights halved for a prefix-only word) or
  // the merge of several.
  struct List {
    const Posting* begin = nullptr;
    const Posting* end = nullptr;
    bool half = false;
    size_t size() const { return static_cast<size_t>(end - begin); }
  };
  // One bit per doc (docs_ order): the docs of a long run, of a territory, of a level.
  using Bits = std::vector<uint64_t>;
  // A run of a list in the index order: its postings of one weight, by doc.
  struct Run {
    const Posting* begin = nullptr;
    const Posting* end = nullptr;
    int weight = 0;  // halved already for a word matched only as a prefix
    const Bits* bits = nullptr;  // the same docs as bits, for long runs (else null)
    size_t size() const { return static_cast<size_t>(end - begin); }
  };
  // A long run's bits: the run starts at ranked_[word][offset].
  struct RunBits {
    size_t offset;
    Bits bits;
  };
  bool Matches(const IndexedOffer& doc, const SearchQuery& q, const ReferenceData& ref) const;
  // Docs containing the word (exact, full weight) or, when `prefix`, a word starting with
  // it (half weight), sorted by doc, best weight per doc. `merged` holds the list when
  // several words start with the prefix.
  List Lookup(const std::string& term, bool prefix, std::vector<Posting>& merged) const;
  SearchPage SearchById(const SearchQuery& query, const std::optional<SearchCursor>& after,
                        int page_size, const ReferenceData& ref) const;
  // Words and prefix in one pass per score level: each word's ranked list splits into runs
  // of one weight (by doc); the combinations of one run per word give the score levels,
  // highest first; a level's docs are gathered as bits and read in doc order, and the
  // search stops at the level that fills the page. nullopt when the query has too many
  // combinations (long queries).
  std::optional<SearchPage> SearchByLevels(const SearchQuery& query,
                                           const std::optional<SearchCursor>& after, int page_size,
                                           const ReferenceData& ref) const;
  // Whole posting lists intersected, then ordered by a counting sort on the score.
  SearchPage SearchByIntersection(const SearchQuery& query,
                                  const std::optional<SearchCursor>& after, int page_size,
                                  const ReferenceData& ref) const;
  // The docs serving one of `communes`, as bits: a territory filter then costs one AND per
  // 64 docs, or one bit test, instead of a Matches per candidate. Built once per snapshot
  // and territory (a few hundred exist), then kept.
  std::shared_ptr<const Bits> DocsServing(const CommuneSet& communes) const;
  Bits RunToBits(const Posting* begin, const Posting* end) const;
  // The first doc whose id is after the cursor's (docs_.size() if none).
  uint32_t FirstDocAfter(const std::string& id) const;
  // Hits from [begin, end) (postings in the index order; weights halved when `half`), from
  // the cursor on, filtered, until the page is full and one more match says more follow.
  SearchPage Walk(const Posting* begin, const Posting* end, bool half, const SearchQuery& query,
                  const std::optional<SearchCursor>& after, int page_size,
                  const ReferenceData& ref) const;

  std::vector<std::shared_ptr<const IndexedOffer>> docs_;  // sorted by id
  std::vector<std::string> words_;                         // sorted
  std::vector<std::vector<Posting>> postings_;             // parallel to words_, by doc
  std::vector<std::vector<Posting>> ranked_;  // the same, by weight descending then doc
  // Runs at least this long get bits; by default max(32, docs/64): a run of n postings takes
  // 8n bytes and its bits docs/8, so the bits never take more memory than the postings
  // they describe.
  size_t long_run_ = 0;
  std::vector<std::vector<RunBits>> run_bits_;  // parallel to words_
  mutable std::mutex territory_mu_;
  mutable std::unordered_map<CommuneSet, std::shared_ptr<const Bits>> by_territory_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_SEARCH_INDEX_H_
