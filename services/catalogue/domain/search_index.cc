#include "services/catalogue/domain/search_index.h"

#include <algorithm>
#include <map>
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
    std::vector<std::shared_ptr<const IndexedOffer>> docs) {
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
  return index;
}

std::vector<SearchIndex::Posting> SearchIndex::Lookup(const std::string& term, bool prefix) const {
  auto it = std::lower_bound(words_.begin(), words_.end(), term);
  if (!prefix) {
    if (it == words_.end() || *it != term) return {};
    return postings_[it - words_.begin()];
  }
  std::vector<Posting> merged;
  for (; it != words_.end() && HasPrefix(*it, term); ++it) {
    const bool exact = *it == term;
    for (const Posting& p : postings_[it - words_.begin()]) {
      merged.push_back({p.doc, exact ? p.weight : p.weight / 2});
    }
  }
  std::sort(merged.begin(), merged.end(), [](const Posting& a, const Posting& b) {
    return a.doc != b.doc ? a.doc < b.doc : a.weight > b.weight;
  });
  merged.erase(std::unique(merged.begin(), merged.end(),
                           [](const Posting& a, const Posting& b) { return a.doc == b.doc; }),
               merged.end());
  return merged;
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

SearchPage SearchIndex::Search(const SearchQuery& query, const std::optional<SearchCursor>& after,
                               int page_size, const ReferenceData& ref) const {
  SearchPage page;
  page_size = std::max(page_size, 1);

  if (query.terms.empty()) {
    // Id order: start right after the cursor's id and stop once the page is full.
    auto it = docs_.begin();
    if (after.has_value()) {
      it =
          std::upper_bound(docs_.begin(), docs_.end(), after->id,
                           [](const std::string& id, const auto& d) { return id < d->offer.id(); });
    }
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

  // Every word must match; the last one also as a prefix. Intersect the posting lists,
  // summing the weights.
  std::vector<Posting> candidates;
  for (size_t i = 0; i < query.terms.size(); ++i) {
    std::vector<Posting> list = Lookup(query.terms[i], /*prefix=*/i + 1 == query.terms.size());
    if (i == 0) {
      candidates = std::move(list);
    } else {
      std::vector<Posting> both;
      size_t a = 0, b = 0;
      while (a < candidates.size() && b < list.size()) {
        if (candidates[a].doc < list[b].doc) {
          ++a;
        } else if (list[b].doc < candidates[a].doc) {
          ++b;
        } else {
          both.push_back({candidates[a].doc, candidates[a].weight + list[b].weight});
          ++a;
          ++b;
        }
      }
      candidates = std::move(both);
    }
    if (candidates.empty()) return page;
  }

  const auto before = [&](const Posting& a, const Posting& b) {  // index order
    return a.weight != b.weight ? a.weight > b.weight : a.doc < b.doc;
  };
  std::vector<Posting> matches;
  for (const Posting& p : candidates) {
    const IndexedOffer& doc = *docs_[p.doc];
    if (after.has_value() &&
        (p.weight > after->score || (p.weight == after->score && doc.offer.id() <= after->id))) {
      continue;  // at or before the cursor
    }
    if (Matches(doc, query, ref)) matches.push_back(p);
  }
  const size_t take = std::min(matches.size(), static_cast<size_t>(page_size));
  std::partial_sort(matches.begin(), matches.begin() + take, matches.end(), before);
  for (size_t i = 0; i < take; ++i) page.hits.push_back({docs_[matches[i].doc], matches[i].weight});
  if (matches.size() > take) {
    page.next = SearchCursor{page.hits.back().score, page.hits.back().doc->offer.id()};
  }
  return page;
}

}  // namespace parcours::catalogue
