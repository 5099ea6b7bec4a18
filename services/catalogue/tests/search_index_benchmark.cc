// SearchIndex::Search alone (no gRPC): 10,000 synthetic offers shaped like catalogue_benchmark's
// (a title, a summary, a 40-word description from 320 words, one of seven thematiques, one
// TAD), the same queries, with and without the territory and eligibility filters, first
// pages and a page after a cursor.
//
//   build/release/services/catalogue/search_index_benchmark [--benchmark_filter=Text]
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "services/catalogue/domain/search_index.h"
#include "services/catalogue/tests/synthetic_offers.h"

namespace parcours::catalogue {
namespace {

const ReferenceData& Ref() { return DefaultReferenceData(); }

std::shared_ptr<const SearchIndex> Offers(int n) {
  SyntheticOffers synthetic;
  std::vector<std::shared_ptr<const IndexedOffer>> docs;
  for (int i = 0; i < n; ++i) {
    v1::Offer o = synthetic.Next(i);
    o.set_id(absl::StrCat("off_", 100000 + i));
    o.set_structure_id("str_1");
    o.set_status(v1::OFFER_STATUS_PUBLISHED);
    docs.push_back(IndexedOffer::Make(std::move(o), Ref()));
  }
  return SearchIndex::Build(std::move(docs));
}

const SearchIndex& Index() {
  static const std::shared_ptr<const SearchIndex> index = Offers(10000);
  return *index;
}

std::vector<SearchQuery> Queries(bool filtered) {
  std::vector<SearchQuery> out;
  for (const char* text : {"permis", "mobilite", "logement", "numerique emploi", "formation ate",
                           "garde enfants", "sante", "cv entretien"}) {
    SearchQuery q;
    q.terms = QueryTerms(text);
    q.today = absl::CivilDay(2025, 3, 1);
    if (filtered) {
      q.territory = Ref().CommunesOf("91228");
      v1::BeneficiaryProfile p;
      p.set_age(40);
      q.eligible_for = p;
    }
    out.push_back(std::move(q));
  }
  return out;
}

// The benchmark's mix: each query with and without filters, page size 10.
void BM_SearchFirstPage(benchmark::State& state) {
  const SearchIndex& index = Index();
  std::vector<SearchQuery> queries = Queries(false);
  for (SearchQuery& q : Queries(true)) queries.push_back(std::move(q));
  size_t i = 0;
  for (auto _ : state) {
    SearchPage page = index.Search(queries[i++ % queries.size()], std::nullopt, 10, Ref());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_SearchFirstPage);

void BM_SearchText(benchmark::State& state) {
  const SearchIndex& index = Index();
  const std::vector<SearchQuery> queries = Queries(state.range(0) != 0);
  size_t i = 0;
  for (auto _ : state) {
    SearchPage page = index.Search(queries[i++ % queries.size()], std::nullopt, 10, Ref());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_SearchText)->Arg(0)->Arg(1)->ArgName("filtered");

// One query of the mix (by index, with or without the filters), to see which ones cost.
void BM_SearchOneQuery(benchmark::State& state) {
  const SearchIndex& index = Index();
  const SearchQuery q = Queries(state.range(1) != 0)[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    SearchPage page = index.Search(q, std::nullopt, 10, Ref());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_SearchOneQuery)
    ->ArgsProduct({benchmark::CreateDenseRange(0, 7, 1), {0, 1}})
    ->ArgNames({"query", "filtered"});

// The third page of each query: the cursor cuts into the ordered candidates.
void BM_SearchAfterCursor(benchmark::State& state) {
  const SearchIndex& index = Index();
  const std::vector<SearchQuery> queries = Queries(false);
  std::vector<std::optional<SearchCursor>> cursors;
  for (const SearchQuery& q : queries) {
    std::optional<SearchCursor> c = index.Search(q, std::nullopt, 20, Ref()).next;
    cursors.push_back(c);
  }
  size_t i = 0;
  for (auto _ : state) {
    const size_t k = i++ % queries.size();
    SearchPage page = index.Search(queries[k], cursors[k], 10, Ref());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_SearchAfterCursor);

// Filters only (id order): the territory and eligibility filters over every offer.
void BM_SearchFiltersOnly(benchmark::State& state) {
  const SearchIndex& index = Index();
  SearchQuery q;
  q.today = absl::CivilDay(2025, 3, 1);
  q.territory = Ref().CommunesOf("91228");
  v1::BeneficiaryProfile p;
  p.set_age(40);
  q.eligible_for = p;
  for (auto _ : state) {
    SearchPage page = index.Search(q, std::nullopt, 10, Ref());
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_SearchFiltersOnly);

}  // namespace
}  // namespace parcours::catalogue

BENCHMARK_MAIN();
