// SearchIndex against a brute-force reference: random offers and queries, each offer scored
// word by word and the matches sorted naively, then every page, every walk with cursors and
// every page after writes compared hit for hit. The reference shares only the offer's words
// (IndexedOffer::terms) and the filters (the id-order search without text, which visits
// every offer) with the index: the posting lists, prefix merge, intersection, ordering,
// cursor and early stop are what it checks.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "services/catalogue/domain/search_index.h"

namespace parcours::catalogue {
namespace {

const ReferenceData& Ref() { return DefaultReferenceData(); }

// Words sharing prefixes, so that the last query word often expands to several.
const std::vector<std::string> kVocabulary = {
    "permis",  "permanence", "perte",     "parent", "parentalite", "parcours", "logement",
    "loger",   "location",   "local",     "emploi", "employeur",   "emplette", "atelier",
    "atelage", "sante",      "santon",    "garde",  "garderie",    "gare",     "mobilite",
    "mobile",  "velo",       "velodrome", "budget", "numerique",   "numero",   "cv"};
const std::vector<std::string> kThematiques = {
    "mobilite--preparer-un-permis", "numerique--acquerir-un-equipement",
    "logement-hebergement--louer-un-logement", "sante--acces-aux-soins", "famille--garde-denfants"};
const std::vector<std::string> kTads = {"TAD-CENTRE",     "TAD-EST",     "TAD-NORD-EST",
                                        "TAD-NORD-OUEST", "TAD-SUD-EST", "TAD-SUD-OUEST"};
const std::vector<std::string> kPublics = {"beneficiaires-des-minimas-sociaux", "jeunes",
                                           "familles-enfants", "tous-publics"};

class Corpus {
 public:
  explicit Corpus(uint32_t seed) : rng_(seed) {}

  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) absl::StrAppend(&out, i ? " " : "", Pick(kVocabulary));
    return out;
  }

  v1::Offer RandomOffer(const std::string& id) {
    v1::Offer o;
    o.set_id(id);
    o.set_structure_id("str_1");
    o.set_status(v1::OFFER_STATUS_PUBLISHED);
    o.set_title(Words(1 + Below(3)));
    if (Below(2)) o.set_summary(Words(Below(4)));
    o.set_description(Words(Below(8)));
    o.add_thematiques(Pick(kThematiques));
    if (Below(3) == 0) o.add_publics(Pick(kPublics));
    if (Below(4)) o.mutable_territories()->add_tads(Pick(kTads));
    if (Below(3) == 0) o.mutable_eligibility()->set_max_age(25);
    v1::Funding* f = o.add_funding();
    f->set_source(Below(2) ? v1::FUNDING_SOURCE_FSE : v1::FUNDING_SOURCE_FAPI);
    return o;
  }

  // `n` random offers under random ids (a repeated id keeps the last), by id.
  std::map<std::string, v1::Offer> RandomOffers(int n) {
    std::map<std::string, v1::Offer> offers;
    for (int k = 0; k < n; ++k) {
      const std::string id = absl::StrCat("off_", Below(100000));
      offers[id] = RandomOffer(id);
    }
    return offers;
  }

  SearchQuery RandomQuery() {
    SearchQuery q;
    q.today = absl::CivilDay(2025, 3, 1);
    const int words = 1 + Below(3);
    for (int i = 0; i < words; ++i) {
      std::string w = Pick(kVocabulary);
      if (i + 1 == words && Below(2)) w = w.substr(0, 1 + Below(w.size()));  // a prefix
      q.terms.push_back(w);
    }
    q.terms = QueryTerms(absl::StrJoin(q.terms, " "));
    if (Below(4) == 0) q.territory = Ref().CommunesOf(Pick(kTads));
    if (Below(5) == 0) q.publics = {Pick(kPublics)};
    if (Below(5) == 0) q.funding = v1::FUNDING_SOURCE_FSE;
    if (Below(6) == 0) q.thematiques = {"mobilite"};
    if (Below(6) == 0) {
      v1::BeneficiaryProfile p;
      p.set_age(40);
      q.eligible_for = p;
    }
    return q;
  }

  int Below(size_t n) { return static_cast<int>(rng_() % n); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[rng_() % v.size()];
  }

 private:
  std::mt19937 rng_;
};

struct RefHit {
  std::string id;
  int64_t score;
  bool operator==(const RefHit&) const = default;
};

std::ostream& operator<<(std::ostream& os, const RefHit& h) { return os << h.id << ":" << h.score; }

// Every match of `q` in the index order, scored naively: each query word's best weight in
// the offer (the last word: an exact word whole, a word it begins half), all words needed.
std::vector<RefHit> ReferenceAll(const SearchIndex& index, const SearchQuery& q) {
  SearchQuery filters = q;
  filters.terms.clear();
  const SearchPage passing = index.Search(filters, std::nullopt, 1 << 30, Ref());
  std::vector<RefHit> out;
  for (const SearchHitRef& h : passing.hits) {
    int64_t score = 0;
    bool all = true;
    for (size_t i = 0; i < q.terms.size() && all; ++i) {
      const std::string& t = q.terms[i];
      const bool last = i + 1 == q.terms.size();
      int best = 0;
      for (const auto& [word, weight] : h.doc->terms) {
        if (word == t) best = std::max(best, weight);
        if (last && word != t && word.rfind(t, 0) == 0) best = std::max(best, weight / 2);
      }
      all = best > 0;
      score += best;
    }
    if (all) out.push_back({h.doc->offer.id(), score});
  }
  std::sort(out.begin(), out.end(), [](const RefHit& a, const RefHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  return out;
}

struct RefPage {
  std::vector<RefHit> hits;
  std::optional<SearchCursor> next;
};

RefPage ReferencePage(const SearchIndex& index, const SearchQuery& q,
                      const std::optional<SearchCursor>& after, int page_size) {
  RefPage page;
  for (const RefHit& h : ReferenceAll(index, q)) {
    if (after.has_value() &&
        (h.score > after->score || (h.score == after->score && h.id <= after->id))) {
      continue;
    }
    if (static_cast<int>(page.hits.size()) == page_size) {
      page.next = SearchCursor{page.hits.back().score, page.hits.back().id};
      break;
    }
    page.hits.push_back(h);
  }
  return page;
}

std::vector<RefHit> Hits(const SearchPage& page) {
  std::vector<RefHit> out;
  for (const SearchHitRef& h : page.hits) out.push_back({h.doc->offer.id(), h.score});
  return out;
}

// The index over `offers`. The seed picks which runs get bits, so that across seeds the
// levels are intersected every way (SearchIndex::Build's long_run): all runs as bits (word
// ANDs and bit probes), none (walks and gallops), and the default mix.
std::shared_ptr<const SearchIndex> Build(const std::map<std::string, v1::Offer>& offers,
                                         uint32_t seed) {
  std::vector<std::shared_ptr<const IndexedOffer>> docs;
  for (const auto& [id, o] : offers) docs.push_back(IndexedOffer::Make(o, Ref()));
  constexpr size_t kLongRuns[] = {1, 0, size_t{1} << 30};
  return SearchIndex::Build(std::move(docs), kLongRuns[seed % 3]);
}

void ExpectSamePage(const SearchPage& got, const RefPage& want, const SearchQuery& q) {
  EXPECT_EQ(Hits(got), want.hits) << "query: " << absl::StrJoin(q.terms, " ");
  EXPECT_EQ(got.next, want.next) << "query: " << absl::StrJoin(q.terms, " ");
}

TEST(SearchIndexReferenceTest, FirstPagesMatchTheReference) {
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    Corpus c(seed);
    std::map<std::string, v1::Offer> offers = c.RandomOffers(150);
    auto index = Build(offers, seed);
    int non_empty = 0;
    for (int n = 0; n < 60; ++n) {
      const SearchQuery q = c.RandomQuery();
      const int page_size = 1 + c.Below(12);
      const SearchPage got = index->Search(q, std::nullopt, page_size, Ref());
      ExpectSamePage(got, ReferencePage(*index, q, std::nullopt, page_size), q);
      non_empty += !got.hits.empty();
    }
    EXPECT_GT(non_empty, 15) << "seed " << seed << ": the queries should mostly find something";
  }
}

TEST(SearchIndexReferenceTest, WalksWithCursorsMatchTheReference) {
  for (uint32_t seed = 100; seed < 110; ++seed) {
    Corpus c(seed);
    std::map<std::string, v1::Offer> offers = c.RandomOffers(200);
    auto index = Build(offers, seed);
    for (int n = 0; n < 30; ++n) {
      const SearchQuery q = c.RandomQuery();
      const int page_size = 1 + c.Below(6);
      std::vector<RefHit> walked;
      std::optional<SearchCursor> cursor;
      for (int page_no = 0; page_no < 1000; ++page_no) {
        const SearchPage got = index->Search(q, cursor, page_size, Ref());
        ExpectSamePage(got, ReferencePage(*index, q, cursor, page_size), q);
        for (const RefHit& h : Hits(got)) walked.push_back(h);
        if (!got.next.has_value()) break;
        cursor = got.next;
      }
      EXPECT_EQ(walked, ReferenceAll(*index, q));
    }
  }
}

// Offers created, changed and removed between pages: each page is still exactly the
// reference's page after the same cursor over the index of that moment (which implies the
// header's guarantee for the offers left alone).
TEST(SearchIndexReferenceTest, PagesAfterWritesMatchTheReference) {
  for (uint32_t seed = 200; seed < 208; ++seed) {
    Corpus c(seed);
    std::map<std::string, v1::Offer> offers = c.RandomOffers(150);
    auto index = Build(offers, seed);
    for (int n = 0; n < 20; ++n) {
      const SearchQuery q = c.RandomQuery();
      const int page_size = 1 + c.Below(5);
      std::optional<SearchCursor> cursor;
      for (int page_no = 0; page_no < 1000; ++page_no) {
        const SearchPage got = index->Search(q, cursor, page_size, Ref());
        ExpectSamePage(got, ReferencePage(*index, q, cursor, page_size), q);
        if (!got.next.has_value()) break;
        cursor = got.next;
        if (page_no >= 8) continue;  // then the walk ends: writes only between early pages
        for (int w = 0; w < 3; ++w) {
          const std::string id = absl::StrCat("off_", c.Below(100000));
          offers[id] = c.RandomOffer(id);  // a new offer, or a changed one
        }
        offers.erase(std::next(offers.begin(), c.Below(offers.size())));
        index = Build(offers, seed);
      }
    }
  }
}

// Long queries (up to eight words, taken from one offer so that something matches) have too
// many combinations of runs for the score levels and go through whole-list intersection.
TEST(SearchIndexReferenceTest, LongQueriesMatchTheReference) {
  for (uint32_t seed = 300; seed < 306; ++seed) {
    Corpus c(seed);
    std::map<std::string, v1::Offer> offers;
    for (int i = 0; i < 150; ++i) {
      const std::string id = absl::StrCat("off_", c.Below(100000));
      offers[id] = c.RandomOffer(id);
      offers[id].set_description(c.Words(12));
    }
    auto index = Build(offers, seed);
    for (int n = 0; n < 30; ++n) {
      const v1::Offer& source = std::next(offers.begin(), c.Below(offers.size()))->second;
      std::vector<std::string> words = QueryTerms(
          absl::StrCat(source.title(), " ", source.summary(), " ", source.description()));
      words.resize(std::min<size_t>(words.size(), 5 + c.Below(4)));
      if (c.Below(2) && !words.empty()) words.back() = words.back().substr(0, 2);
      SearchQuery q;
      q.today = absl::CivilDay(2025, 3, 1);
      q.terms = words;
      const int page_size = 1 + c.Below(4);
      std::optional<SearchCursor> cursor;
      std::vector<RefHit> walked;
      for (int page_no = 0; page_no < 1000; ++page_no) {
        const SearchPage got = index->Search(q, cursor, page_size, Ref());
        ExpectSamePage(got, ReferencePage(*index, q, cursor, page_size), q);
        for (const RefHit& h : Hits(got)) walked.push_back(h);
        if (!got.next.has_value()) break;
        cursor = got.next;
      }
      EXPECT_EQ(walked, ReferenceAll(*index, q));
      EXPECT_FALSE(walked.empty()) << "the source offer matches its own words";
    }
  }
}

TEST(SearchIndexReferenceTest, OfferBytesAreTheOffer) {
  Corpus c(7);
  const v1::Offer o = c.RandomOffer("off_1");
  auto doc = IndexedOffer::Make(o, Ref());
  EXPECT_EQ(doc->offer_bytes, o.SerializeAsString());
}

}  // namespace
}  // namespace parcours::catalogue
