#include "services/catalogue/domain/search_index.h"

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>

#include "services/catalogue/domain/eligibility.h"
#include "services/catalogue/domain/places.h"
#include "services/catalogue/domain/text_folding.h"

namespace parcours::catalogue {
namespace {

void AddWords(std::string_view text, int weight, std::map<std::string, int>& best) {
  for (std::string& w : Tokenize(text)) {
    int& current = best[std::move(w)];
    current = std::max(current, weight);
  }
}

// Above this many combinations of runs (one per query word), SearchByLevels leaves the query
// to SearchByIntersection: 4 weights per word make 256 for four words.
constexpr size_t kMaxCombinations = 256;

// Territories one snapshot keeps as bits (DocsServing); past that they are dropped and
// rebuilt on demand. The Département has a few hundred communes, MDS and TAD.
constexpr size_t kMaxTerritories = 1024;

constexpr int kMaxWeight =
    std::max({kTitleWeight, kThematiqueWeight, kSummaryWeight, kDescriptionWeight});

bool HasPrefix(std::string_view word, std::string_view prefix) {
  return word.size() >= prefix.size() && word.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

std::shared_ptr<const IndexedOffer> IndexedOffer::Make(v1::Offer offer, const ReferenceData& ref) {
  auto doc = std::make_shared<IndexedOffer>();
  std::map<std::string, int> best;
  AddWords(offer.title(), kTitleWeight, best);
  for (const std::string& t : offer.thematiques()) {
    AddWords(ref.ThematiqueLabel(t), kThematiqueWeight, best);
    const std::string category = t.substr(0, t.find("--"));
    AddWords(category, kThematiqueWeight, best);  // "mobilite", "logement-hebergement"
    if (std::find(doc->categories.begin(), doc->categories.end(), category) ==
        doc->categories.end()) {
      doc->categories.push_back(category);
    }
  }
  AddWords(offer.summary(), kSummaryWeight, best);
  AddWords(offer.description(), kDescriptionWeight, best);
  doc->terms.assign(best.begin(), best.end());
  doc->served = ServedCommunes(offer.territories(), ref);
  doc->all_publics = offer.publics().empty() ||
                     std::find(offer.publics().begin(), offer.publics().end(), "tous-publics") !=
                         offer.publics().end();
  doc->offer_bytes = offer.SerializeAsString();
  doc->offer = std::move(offer);
  return doc;
}

std::vector<std::string> QueryTerms(std::string_view text) {
  std::vector<std::string> terms = Tokenize(text);
  // A repeated word would only double its own weight; keep the first occurrence (the last
  // word stays last, since it is the one matched as a prefix).
  std::vector<std::string> distinct;
  for (size_t i = 0; i < terms.size(); ++i) {
    const bool last = i + 1 == terms.size();
    auto dup = std::find(distinct.begin(), distinct.end(), terms[i]);
    if (dup != distinct.end()) {
      if (last)
        distinct.erase(dup);
      else
        continue;
    }
    distinct.push_back(terms[i]);
  }
  return distinct;
}

std::shared_ptr<const SearchIndex> SearchIndex::Build(
    std::vector<std::shared_ptr<const IndexedOffer>> docs, size_t long_run) {
  auto index = std::shared_ptr<SearchIndex>(new SearchIndex());
  std::stable_sort(docs.begin(), docs.end(),
                   [](const auto& a, const auto& b) { return a->offer.id() < b->offer.id(); });
  // Keep the last of equal ids.
  for (auto& d : docs) {
    if (!index->docs_.empty() && index->docs_.back()->offer.id() == d->offer.id()) {
      index->docs_.back() = std::move(d);
    } else {
      index->docs_.push_back(std::move(d));
    }
  }
  struct Entry {
    std::string_view word;
    uint32_t doc;
    int weight;
  };
  std::vector<Entry> entries;
  size_t total = 0;
  for (const auto& d : index->docs_) total += d->terms.size();
  entries.reserve(total);
  for (uint32_t i = 0; i < index->docs_.size(); ++i) {
    for (const auto& [word, weight] : index->docs_[i]->terms) {
      entries.push_back({word, i, weight});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.word, a.doc) < std::tie(b.word, b.doc);
  });
  for (const Entry& e : entries) {
    if (index->words_.empty() || index->words_.back() != e.word) {
      index->words_.emplace_back(e.word);
      index->postings_.emplace_back();
    }
    index->postings_.back().push_back({e.doc, e.weight});
  }
  index->ranked_ = index->postings_;
  for (std::vector<Posting>& list : index->ranked_) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Posting& a, const Posting& b) { return a.weight > b.weight; });
  }
  index->long_run_ = long_run > 0 ? long_run : std::max<size_t>(32, index->docs_.size() / 64);
  index->run_bits_.resize(index->ranked_.size());
  for (size_t w = 0; w < index->ranked_.size(); ++w) {
    const std::vector<Posting>& list = index->ranked_[w];
    for (size_t b = 0; b < list.size();) {
      size_t e = b;
      while (e < list.size() && list[e].weight == list[b].weight) ++e;
      if (e - b >= index->long_run_) {
        index->run_bits_[w].push_back({b, index->RunToBits(&list[b], list.data() + e)});
      }
      b = e;
    }
  }
  return index;
}

SearchIndex::List SearchIndex::Lookup(const std::string& term, bool prefix,
                                      std::vector<Posting>& merged) const {
  auto first = std::lower_bound(words_.begin(), words_.end(), term);
  const auto list_of = [&](std::vector<std::string>::const_iterator it, bool half) {
    const std::vector<Posting>& p = postings_[it - words_.begin()];
    return List{p.data(), p.data() + p.size(), half};
  };
  if (!prefix) {
    if (first == words_.end() || *first != term) return {};
    return list_of(first, false);
  }
  auto last = first;
  while (last != words_.end() && HasPrefix(*last, term)) ++last;
  if (first == last) return {};
  if (last - first == 1) return list_of(first, *first != term);

  // K-way merge by doc, keeping each doc's best weight (an exact word counts whole, the
  // others half): each list is sorted by doc, so no sort is needed.
  struct Head {
    uint32_t doc;
    uint32_t list;
  };
  const auto later = [](const Head& a, const Head& b) { return a.doc > b.doc; };
  std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
  std::vector<List> lists;
  size_t total = 0;
  for (auto it = first; it != last; ++it) {
    lists.push_back(list_of(it, *it != term));
    total += lists.back().size();
    heads.push({lists.back().begin->doc, static_cast<uint32_t>(lists.size() - 1)});
  }
  merged.clear();
  merged.reserve(total);
  while (!heads.empty()) {
    const Head h = heads.top();
    heads.pop();
    List& l = lists[h.list];
    const int weight = l.half ? l.begin->weight / 2 : l.begin->weight;
    if (!merged.empty() && merged.back().doc == h.doc) {
      merged.back().weight = std::max(merged.back().weight, weight);
    } else {
      merged.push_back({h.doc, weight});
    }
    if (++l.begin != l.end) heads.push({l.begin->doc, h.list});
  }
  return List{merged.data(), merged.data() + merged.size(), false};
}

bool SearchIndex::Matches(const IndexedOffer& doc, const SearchQuery& q,
                          const ReferenceData& ref) const {
  const v1::Offer& o = doc.offer;
  if (!q.thematiques.empty()) {
    const bool any = std::any_of(q.thematiques.begin(), q.thematiques.end(), [&](const auto& t) {
      return std::find(o.thematiques().begin(), o.thematiques().end(), t) !=
                 o.thematiques().end() ||
             std::find(doc.categories.begin(), doc.categories.end(), t) != doc.categories.end();
    });
    if (!any) return false;
  }
  if (q.territory.has_value() && (doc.served & *q.territory).none()) return false;
  if (!q.publics.empty() && !doc.all_publics) {
    const bool any = std::any_of(q.publics.begin(), q.publics.end(), [&](const auto& p) {
      return std::find(o.publics().begin(), o.publics().end(), p) != o.publics().end();
    });
    if (!any) return false;
  }
  if (q.funding != v1::FUNDING_SOURCE_UNSPECIFIED &&
      std::none_of(o.funding().begin(), o.funding().end(),
                   [&](const v1::Funding& f) { return f.source() == q.funding; })) {
    return false;
  }
  if (!q.pdi_fiche.empty() && o.pdi_fiche() != q.pdi_fiche) return false;
  if (q.has_free_places && !HasFreePlaces(o, q.today)) return false;
  if (q.eligible_for.has_value() &&
      !IsEligible(o.eligibility(), doc.served, *q.eligible_for, ref)) {
    return false;
  }
  return true;
}

SearchPage SearchIndex::SearchById(const SearchQuery& query,
                                   const std::optional<SearchCursor>& after, int page_size,
                                   const ReferenceData& ref) const {
  // Id order: start right after the cursor's id and stop once the page is full.
  SearchPage page;
  auto it = docs_.begin() + (after.has_value() ? FirstDocAfter(after->id) : 0);
  for (; it != docs_.end(); ++it) {
    if (!Matches(**it, query, ref)) continue;
    if (static_cast<int>(page.hits.size()) == page_size) {
      page.next = SearchCursor{0, page.hits.back().doc->offer.id()};
      break;
    }
    page.hits.push_back({*it, 0});
  }
  return page;
}

uint32_t SearchIndex::FirstDocAfter(const std::string& id) const {
  return static_cast<uint32_t>(
      std::upper_bound(docs_.begin(), docs_.end(), id,
                       [](const std::string& id, const auto& d) { return id < d->offer.id(); }) -
      docs_.begin());
}

SearchPage SearchIndex::Walk(const Posting* begin, const Posting* end, bool half,
                             const SearchQuery& query, const std::optional<SearchCursor>& after,
                             int page_size, const ReferenceData& ref) const {
  const auto score = [half](const Posting& p) { return half ? p.weight / 2 : p.weight; };
  if (after.has_value()) {
    // The list is in the index order, so what is at or before the cursor is a prefix.
    const uint32_t first_after = FirstDocAfter(after->id);
    begin = std::partition_point(begin, end, [&](const Posting& p) {
      return score(p) > after->score || (score(p) == after->score && p.doc < first_after);
    });
  }
  SearchPage page;
  for (const Posting* p = begin; p != end; ++p) {
    if (!Matches(*docs_[p->doc], query, ref)) continue;
    if (static_cast<int>(page.hits.size()) == page_size) {
      page.next = SearchCursor{page.hits.back().score, page.hits.back().doc->offer.id()};
      break;
    }
    page.hits.push_back({docs_[p->doc], score(*p)});
  }
  return page;
}

SearchPage SearchIndex::Search(const SearchQuery& query, const std::optional<SearchCursor>& after,
                               int page_size, const ReferenceData& ref) const {
  page_size = std::max(page_size, 1);
  if (query.terms.empty()) return SearchById(query, after, page_size, ref);
  SearchPage page;

  if (query.terms.size() == 1) {
    // One word that begins one indexed word only: its ranked list is the answer's order.
    const std::string& term = query.terms[0];
    auto first = std::lower_bound(words_.begin(), words_.end(), term);
    if (first == words_.end() || !HasPrefix(*first, term)) return page;
    if (std::next(first) == words_.end() || !HasPrefix(*std::next(first), term)) {
      const std::vector<Posting>& ranked = ranked_[first - words_.begin()];
      return Walk(ranked.data(), ranked.data() + ranked.size(), *first != term, query, after,
                  page_size, ref);
    }
  }
  if (std::optional<SearchPage> by_levels = SearchByLevels(query, after, page_size, ref)) {
    return *std::move(by_levels);
  }
  return SearchByIntersection(query, after, page_size, ref);
}

std::optional<SearchPage> SearchIndex::SearchByLevels(const SearchQuery& query,
                                                      const std::optional<SearchCursor>& after,
                                                      int page_size,
                                                      const ReferenceData& ref) const {
  SearchPage page;
  // Each word's runs, highest weight first.
  std::vector<std::vector<Run>> runs(query.terms.size());
  std::vector<Posting> merged, merged_ranked;
  std::vector<Bits> merged_bits;  // bits of the merged list's long runs, built for this query
  merged_bits.reserve(kMaxWeight + 1);  // one per weight at most: the pointers stay valid
  // `word`: the runs' list is ranked_[word] (their bits were built with the index); -1: the
  // merged list, whose long runs get bits now.
  const auto split = [&](const Posting* b, const Posting* e, bool half, ptrdiff_t word,
                         std::vector<Run>& out) {
    const Posting* const list = b;
    while (b != e) {
      const int w = b->weight;
      const Posting* r =
          std::partition_point(b, e, [w](const Posting& p) { return p.weight >= w; });
      Run run{b, r, half ? w / 2 : w};
      if (run.size() >= long_run_) {
        if (word < 0) {
          merged_bits.push_back(RunToBits(b, r));
          run.bits = &merged_bits.back();
        } else {
          for (const RunBits& rb : run_bits_[word]) {
            if (rb.offset == static_cast<size_t>(b - list)) run.bits = &rb.bits;
          }
        }
      }
      out.push_back(run);
      b = r;
    }
  };
  for (size_t i = 0; i < query.terms.size(); ++i) {
    const std::string& term = query.terms[i];
    auto first = std::lower_bound(words_.begin(), words_.end(), term);
    auto last = first;
    if (i + 1 < query.terms.size()) {
      if (first != words_.end() && *first == term) ++last;
    } else {
      while (last != words_.end() && HasPrefix(*last, term)) ++last;
    }
    if (first == last) return page;
    if (last - first == 1) {
      const std::vector<Posting>& ranked = ranked_[first - words_.begin()];
      split(ranked.data(), ranked.data() + ranked.size(), *first != term, first - words_.begin(),
            runs[i]);
      continue;
    }
    // Several words start with the last one: their merge by doc, put in the index order by a
    // stable counting sort on the weight.
    const List list = Lookup(term, /*prefix=*/true, merged);
    std::vector<size_t> start(static_cast<size_t>(kMaxWeight) + 2, 0);
    for (const Posting* p = list.begin; p != list.end; ++p) ++start[kMaxWeight - p->weight + 1];
    for (size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    merged_ranked.resize(list.size());
    for (const Posting* p = list.begin; p != list.end; ++p) {
      merged_ranked[start[kMaxWeight - p->weight]++] = *p;
    }
    split(merged_ranked.data(), merged_ranked.data() + merged_ranked.size(), false, -1, runs[i]);
  }

  // Every combination of one run per word, by total score; too many (long queries) and the
  // intersection of whole lists is cheaper.
  size_t count = 1;
  for (const std::vector<Run>& r : runs) {
    count *= r.size();
    if (count > kMaxCombinations) return std::nullopt;
  }
  const size_t n = runs.size();
  std::vector<Run> combos(count * n);  // combination c: combos[c * n .. c * n + n)
  std::vector<int> score(count, 0);
  for (size_t c = 0; c < count; ++c) {
    size_t rest = c;
    for (size_t i = 0; i < n; ++i) {
      combos[c * n + i] = runs[i][rest % runs[i].size()];
      rest /= runs[i].size();
      score[c] += combos[c * n + i].weight;
    }
  }
  std::vector<size_t> by_score(count);
  for (size_t c = 0; c < count; ++c) by_score[c] = c;
  std::stable_sort(by_score.begin(), by_score.end(),
                   [&](size_t a, size_t b) { return score[a] > score[b]; });

  // Level by level from the highest score. A level's docs are gathered as bits (a doc is in
  // at most one combination of a level: it has one weight per word), then read in doc
  // order, filtered, until the page is full and one more match says more follow. A
  // combination whose runs all have bits is one AND per 64 docs; otherwise its shortest run
  // is walked and each doc probed in the others (a bit test, or a gallop in a short run).
  // A territory filter is one more AND, or bit test.
  std::shared_ptr<const Bits> serving;
  if (query.territory.has_value()) serving = DocsServing(*query.territory);
  const size_t words = (docs_.size() + 63) / 64;
  const uint32_t first_after = after.has_value() ? FirstDocAfter(after->id) : 0;
  Bits level_bits(words, 0);
  const auto has_bit = [](const Bits& bits, uint32_t doc) {
    return (bits[doc / 64] >> (doc % 64)) & 1;
  };
  // Moves `run` to its first doc >= `doc` (galloping) and says whether that is `doc`.
  const auto probe = [](Run& run, uint32_t doc) {
    if (run.begin != run.end && run.begin->doc < doc) {
      const size_t len = run.size();
      size_t bound = 1;
      while (bound < len && run.begin[bound].doc < doc) bound *= 2;
      run.begin = std::lower_bound(run.begin + bound / 2 + 1, run.begin + std::min(bound + 1, len),
                                   doc, [](const Posting& p, uint32_t d) { return p.doc < d; });
    }
    return run.begin != run.end && run.begin->doc == doc;
  };
  for (size_t from = 0; from < count;) {
    const int level = score[by_score[from]];
    size_t to = from;
    while (to < count && score[by_score[to]] == level) ++to;
    if (after.has_value() && level > after->score) {
      from = to;
      continue;
    }
    const uint32_t start = after.has_value() && level == after->score ? first_after : 0;
    const size_t first_word = start / 64;
    const uint64_t first_mask = ~uint64_t{0} << (start % 64);
    std::fill(level_bits.begin() + first_word, level_bits.end(), 0);
    for (size_t k = from; k < to; ++k) {
      Run* r = &combos[by_score[k] * n];
      size_t shortest = 0;
      bool all_bits = true;
      for (size_t i = 0; i < n; ++i) {
        if (r[i].size() < r[shortest].size()) shortest = i;
        all_bits = all_bits && r[i].bits != nullptr;
      }
      const size_t and_cost = (words - first_word) * (n + (serving ? 1 : 0));
      if (all_bits && and_cost < 4 * r[shortest].size() * n) {
        for (size_t w = first_word; w < words; ++w) {
          uint64_t acc = w == first_word ? first_mask : ~uint64_t{0};
          for (size_t i = 0; i < n && acc != 0; ++i) acc &= (*r[i].bits)[w];
          if (serving) acc &= (*serving)[w];
          level_bits[w] |= acc;
        }
        continue;
      }
      Run& walked = r[shortest];
      probe(walked, start);
      for (const Posting* p = walked.begin; p != walked.end; ++p) {
        const uint32_t doc = p->doc;
        if (serving && !has_bit(*serving, doc)) continue;
        bool in_all = true;
        for (size_t i = 0; i < n && in_all; ++i) {
          if (i == shortest) continue;
          in_all = r[i].bits != nullptr ? has_bit(*r[i].bits, doc) : probe(r[i], doc);
        }
        if (in_all) level_bits[doc / 64] |= uint64_t{1} << (doc % 64);
      }
    }
    for (size_t w = first_word; w < words; ++w) {
      for (uint64_t bits = level_bits[w]; bits != 0; bits &= bits - 1) {
        const uint32_t doc = static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits));
        if (!Matches(*docs_[doc], query, ref)) continue;
        if (static_cast<int>(page.hits.size()) == page_size) {
          page.next = SearchCursor{page.hits.back().score, page.hits.back().doc->offer.id()};
          return page;
        }
        page.hits.push_back({docs_[doc], level});
      }
    }
    from = to;
  }
  return page;
}

SearchIndex::Bits SearchIndex::RunToBits(const Posting* begin, const Posting* end) const {
  Bits bits((docs_.size() + 63) / 64, 0);
  for (const Posting* p = begin; p != end; ++p) bits[p->doc / 64] |= uint64_t{1} << (p->doc % 64);
  return bits;
}

std::shared_ptr<const SearchIndex::Bits> SearchIndex::DocsServing(
    const CommuneSet& communes) const {
  {
    std::lock_guard<std::mutex> lock(territory_mu_);
    if (auto it = by_territory_.find(communes); it != by_territory_.end()) return it->second;
  }
  auto bits = std::make_shared<Bits>((docs_.size() + 63) / 64, 0);
  for (uint32_t i = 0; i < docs_.size(); ++i) {
    if ((docs_[i]->served & communes).any()) (*bits)[i / 64] |= uint64_t{1} << (i % 64);
  }
  std::lock_guard<std::mutex> lock(territory_mu_);
  if (by_territory_.size() >= kMaxTerritories) by_territory_.clear();
  return by_territory_.try_emplace(communes, std::move(bits)).first->second;
}

SearchPage SearchIndex::SearchByIntersection(const SearchQuery& query,
                                             const std::optional<SearchCursor>& after,
                                             int page_size, const ReferenceData& ref) const {
  SearchPage page;
  // Every word must match; the last one also as a prefix.
  std::vector<Posting> merged;  // the last word's list when several words start with it
  std::vector<List> lists;
  lists.reserve(query.terms.size());
  for (size_t i = 0; i < query.terms.size(); ++i) {
    lists.push_back(Lookup(query.terms[i], /*prefix=*/i + 1 == query.terms.size(), merged));
    if (lists.back().size() == 0) return page;
  }
  // Intersect from the shortest list, summing the weights; the candidates stay in doc
  // order. A list much longer than the candidates is searched by galloping (probe 1, 2, 4…
  // ahead, then binary search that step), so a short list against a long one costs about
  // its length times a logarithm; lists of similar length are merged linearly.
  std::sort(lists.begin(), lists.end(),
            [](const List& a, const List& b) { return a.size() < b.size(); });
  const auto weight = [](const List& l, const Posting& p) {
    return l.half ? p.weight / 2 : p.weight;
  };
  std::vector<Posting> candidates;
  candidates.reserve(lists[0].size());
  for (const Posting* p = lists[0].begin; p != lists[0].end; ++p) {
    candidates.push_back({p->doc, weight(lists[0], *p)});
  }
  const auto by_doc = [](const Posting& p, uint32_t doc) { return p.doc < doc; };
  for (size_t i = 1; i < lists.size() && !candidates.empty(); ++i) {
    const List& l = lists[i];
    const bool gallop = l.size() > 16 * candidates.size();
    const Posting* at = l.begin;
    size_t kept = 0;
    for (const Posting& c : candidates) {
      if (gallop) {
        const size_t n = static_cast<size_t>(l.end - at);
        size_t bound = 1;
        while (bound < n && at[bound].doc < c.doc) bound *= 2;
        at = std::lower_bound(at + bound / 2, at + std::min(bound + 1, n), c.doc, by_doc);
      } else {
        while (at != l.end && at->doc < c.doc) ++at;
      }
      if (at == l.end) break;
      if (at->doc == c.doc) candidates[kept++] = {c.doc, c.weight + weight(l, *at)};
    }
    candidates.resize(kept);
  }

  // Drop what is at or before the cursor (docs are sorted by id, so "id <= cursor id" is
  // "doc < the first doc whose id is after the cursor's") and count the scores.
  const int max_score = kMaxWeight * static_cast<int>(lists.size());
  const uint32_t first_after = after.has_value() ? FirstDocAfter(after->id) : 0;
  const int64_t after_score = after.has_value() ? after->score : max_score + 1;
  // start[max_score - s + 1]: how many candidates score s, then where the first goes.
  std::vector<uint32_t> start(static_cast<size_t>(max_score) + 2, 0);
  size_t kept = 0;
  for (const Posting& c : candidates) {
    if (c.weight < after_score || (c.weight == after_score && c.doc >= first_after)) {
      candidates[kept++] = c;
      ++start[static_cast<size_t>(max_score - c.weight) + 1];
    }
  }
  candidates.resize(kept);
  if (candidates.empty()) return page;

  // Index order (score descending, then doc) by a stable counting sort: scores are small
  // integers (at most kMaxWeight per query word).
  for (size_t s = 1; s < start.size(); ++s) start[s] += start[s - 1];
  std::vector<Posting> ordered(candidates.size());
  for (const Posting& c : candidates)
    ordered[start[static_cast<size_t>(max_score - c.weight)]++] = c;

  // The cursor is already applied.
  return Walk(ordered.data(), ordered.data() + ordered.size(), /*half=*/false, query, std::nullopt,
              page_size, ref);
}

}  // namespace parcours::catalogue
