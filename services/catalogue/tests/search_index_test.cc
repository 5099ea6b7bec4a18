#include "services/catalogue/domain/search_index.h"

#include <functional>
#include <map>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue {
namespace {

using testdata::MakeDate;
using testdata::MakeSession;
using testdata::ValidOffer;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const ReferenceData& Ref() { return DefaultReferenceData(); }

v1::Offer Offer(const std::string& id, const std::string& title) {
  v1::Offer o = ValidOffer("str_1", title);
  o.set_id(id);
  o.set_summary("");
  o.set_description("Une action du catalogue.");
  o.set_status(v1::OFFER_STATUS_PUBLISHED);
  return o;
}

std::shared_ptr<const SearchIndex> Build(const std::vector<v1::Offer>& offers) {
  std::vector<std::shared_ptr<const IndexedOffer>> docs;
  for (const v1::Offer& o : offers) docs.push_back(IndexedOffer::Make(o, Ref()));
  return SearchIndex::Build(std::move(docs));
}

std::vector<std::string> Ids(const SearchPage& page) {
  std::vector<std::string> ids;
  for (const SearchHitRef& h : page.hits) ids.push_back(h.doc->offer.id());
  return ids;
}

SearchQuery Text(const std::string& text) {
  SearchQuery q;
  q.terms = QueryTerms(text);
  q.today = absl::CivilDay(2025, 3, 1);
  return q;
}

TEST(SearchIndexTest, AccentsAndCaseAreFolded) {
  v1::Offer housing = Offer("off_2", "Logement");
  housing.clear_thematiques();  // its thematique category "mobilite" would match too
  housing.add_thematiques("logement-hebergement--louer-un-logement");
  auto index = Build({Offer("off_1", "Mobilité solidaire"), housing});
  EXPECT_THAT(Ids(index->Search(Text("mobilite"), std::nullopt, 10, Ref())), ElementsAre("off_1"));
  EXPECT_THAT(Ids(index->Search(Text("MOBILITÉ"), std::nullopt, 10, Ref())), ElementsAre("off_1"));
}

TEST(SearchIndexTest, LastWordMatchesAsPrefixOthersExactly) {
  auto index = Build({Offer("off_1", "Mobilité solidaire"), Offer("off_2", "Permis mobile")});
  EXPECT_THAT(Ids(index->Search(Text("mobil"), std::nullopt, 10, Ref())),
              UnorderedElementsAre("off_1", "off_2"));
  EXPECT_TRUE(index->Search(Text("mobil solidaire"), std::nullopt, 10, Ref()).hits.empty());
  EXPECT_THAT(Ids(index->Search(Text("solidaire mobil"), std::nullopt, 10, Ref())),
              ElementsAre("off_1"));
}

TEST(SearchIndexTest, EveryWordMustMatch) {
  auto index = Build({Offer("off_1", "Permis de conduire"), Offer("off_2", "Permis bateau")});
  EXPECT_THAT(Ids(index->Search(Text("permis conduire"), std::nullopt, 10, Ref())),
              ElementsAre("off_1"));
}

TEST(SearchIndexTest, TitleOutranksDescriptionAndTiesGoById) {
  v1::Offer in_description = Offer("off_1", "Atelier");
  in_description.set_description("Préparer son CV");
  v1::Offer in_title_b = Offer("off_3", "Atelier CV");
  v1::Offer in_title_a = Offer("off_2", "CV et lettre");
  auto index = Build({in_description, in_title_b, in_title_a});
  SearchPage page = index->Search(Text("cv"), std::nullopt, 10, Ref());
  EXPECT_THAT(Ids(page), ElementsAre("off_2", "off_3", "off_1"));
  EXPECT_EQ(page.hits[0].score, kTitleWeight);
  EXPECT_EQ(page.hits[2].score, kDescriptionWeight);
}

TEST(SearchIndexTest, ThematiqueLabelsAreSearchable) {
  // "Préparer un permis" is the label of mobilite--preparer-un-permis.
  auto index = Build({Offer("off_1", "Action A")});
  EXPECT_THAT(Ids(index->Search(Text("preparer permis"), std::nullopt, 10, Ref())),
              ElementsAre("off_1"));
}

TEST(SearchIndexTest, FiltersCombine) {
  v1::Offer a = Offer("off_a", "Action A");  // TAD-EST, FSE, 3-9, minimas sociaux
  v1::Offer b = Offer("off_b", "Action B");
  b.clear_thematiques();
  b.add_thematiques("numerique--acquerir-un-equipement");
  v1::Offer c = Offer("off_c", "Action C");
  c.mutable_territories()->Clear();
  c.mutable_territories()->add_communes("91377");  // Massy, TAD-NORD-OUEST
  v1::Offer d = Offer("off_d", "Action D");
  d.mutable_funding(0)->set_source(v1::FUNDING_SOURCE_FAPI);
  d.set_pdi_fiche("2-4");
  v1::Offer e = Offer("off_e", "Action E");
  e.clear_publics();
  e.add_publics("jeunes");
  v1::Offer f = Offer("off_f", "Action F");
  f.clear_publics();
  f.add_publics("tous-publics");
  f.mutable_territories()->Clear();  // whole Département
  auto index = Build({a, b, c, d, e, f});

  SearchQuery q = Text("");
  q.thematiques = {"mobilite"};  // a category
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())),
              ElementsAre("off_a", "off_c", "off_d", "off_e", "off_f"));
  q.territory = Ref().CommunesOf("91228");  // Évry, in TAD-EST
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())),
              ElementsAre("off_a", "off_d", "off_e", "off_f"));
  q.publics = {"beneficiaires-des-minimas-sociaux"};
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())),
              ElementsAre("off_a", "off_d", "off_f"));
  q.funding = v1::FUNDING_SOURCE_FSE;
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())), ElementsAre("off_a", "off_f"));
  q.pdi_fiche = "3-9";
  q.territory = Ref().CommunesOf("TAD-NORD-OUEST");  // Massy's TAD
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())), ElementsAre("off_c", "off_f"));
  q.thematiques = {"numerique--acquerir-un-equipement"};
  EXPECT_TRUE(index->Search(q, std::nullopt, 10, Ref()).hits.empty());
}

TEST(SearchIndexTest, FreePlaces) {
  v1::Offer full = Offer("off_full", "Complet");
  v1::Session s = MakeSession(2, MakeDate(2025, 2, 1), MakeDate(2025, 4, 1));
  s.set_places_taken(2);
  *full.add_sessions() = s;
  v1::Offer past = Offer("off_past", "Passé");
  v1::Session old = MakeSession(2, MakeDate(2024, 1, 1), MakeDate(2024, 2, 1));
  *past.add_sessions() = old;
  v1::Offer open = Offer("off_open", "Ouvert");
  *open.add_sessions() = s;
  v1::Session free = MakeSession(2, MakeDate(2025, 3, 1), MakeDate(2025, 3, 1));  // ends today
  free.set_places_taken(1);
  *open.add_sessions() = free;
  v1::Offer capped = Offer("off_capped", "Capacité pleine");
  capped.set_capacity(3);
  capped.set_places_taken(3);
  v1::Offer unlimited = Offer("off_unlimited", "Sans limite");
  auto index = Build({full, past, open, capped, unlimited});
  SearchQuery q = Text("");
  q.has_free_places = true;
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())),
              ElementsAre("off_open", "off_unlimited"));
}

TEST(SearchIndexTest, EligibilityExcludes) {
  v1::Offer young = Offer("off_young", "Jeunes");
  young.mutable_eligibility()->set_max_age(25);
  v1::Offer pro = Offer("off_pro", "Pro");
  pro.mutable_eligibility()->add_orientation_types(v1::ORIENTATION_TYPE_PROFESSIONAL);
  v1::Offer massy = Offer("off_massy", "Massy");
  massy.mutable_territories()->Clear();
  massy.mutable_territories()->add_communes("91377");
  v1::Offer any = Offer("off_any", "Tous");
  auto index = Build({young, pro, massy, any});
  SearchQuery q = Text("");
  v1::BeneficiaryProfile p;
  p.set_age(40);
  p.set_orientation_type(v1::ORIENTATION_TYPE_SOCIAL);
  p.set_commune_insee("91228");
  q.eligible_for = p;
  EXPECT_THAT(Ids(index->Search(q, std::nullopt, 10, Ref())), ElementsAre("off_any"));
}

// Walks every page of `query`, calling `between` after each page with the page number; the
// index may be replaced by `between`.
std::vector<std::string> Walk(std::shared_ptr<const SearchIndex>& index, const SearchQuery& q,
                              int page_size, const std::function<void(int)>& between) {
  std::vector<std::string> seen;
  std::optional<SearchCursor> cursor;
  for (int page_no = 0; page_no < 1000; ++page_no) {
    SearchPage page = index->Search(q, cursor, page_size, Ref());
    for (const std::string& id : Ids(page)) seen.push_back(id);
    if (!page.next.has_value()) break;
    cursor = page.next;
    between(page_no);
  }
  return seen;
}

// Stability: while offers are created, changed (including their score) and removed between
// pages, every offer left untouched is returned exactly once. (An offer whose own score
// changes mid-walk may move across the cursor: that one may be seen twice or not at all,
// as the SearchIndex header says; without query text the order is by id and no id can be
// seen twice at all.)
void CheckStableUnderWrites(bool with_text) {
  std::map<std::string, v1::Offer> offers;
  for (int i = 0; i < 60; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "off_%03d", i * 10);
    // Three score levels: title, summary, description matches.
    v1::Offer o = Offer(id, i % 3 == 0 ? "Permis accompagné" : "Action");
    if (i % 3 == 1) o.set_summary("permis");
    if (i % 3 == 2) o.set_description("permis de conduire");
    offers[id] = o;
  }
  const auto rebuild = [&] {
    std::vector<v1::Offer> list;
    for (const auto& [id, o] : offers) list.push_back(o);
    return Build(list);
  };
  std::set<std::string> touched;
  std::shared_ptr<const SearchIndex> index = rebuild();
  SearchQuery q = Text(with_text ? "permis" : "");
  int next_new = 0;
  const std::vector<std::string> seen = Walk(index, q, 7, [&](int page) {
    // Create offers sorting before and after the cursor, at every score level.
    for (const char* prefix : {"off_", "off_9", "off_0"}) {
      std::string id = std::string(prefix) + "n" + std::to_string(next_new++);
      offers[id] = Offer(id, "Permis nouveau");
      touched.insert(id);
    }
    // Change another offer's score, and remove one.
    auto victim = std::next(offers.begin(), (page * 13) % offers.size());
    if (!touched.count(victim->first)) {
      victim->second.set_title(page % 2 ? "Permis permis" : "Sans rapport");
      touched.insert(victim->first);
    }
    auto removed = std::next(offers.begin(), (page * 29 + 5) % offers.size());
    touched.insert(removed->first);
    offers.erase(removed);
    index = rebuild();
  });
  std::map<std::string, int> count;
  for (const std::string& id : seen) ++count[id];
  for (const auto& [id, n] : count) {
    if (!with_text || !touched.count(id)) {
      EXPECT_EQ(n, 1) << id << " returned " << n << " times";
    }
  }
  int untouched = 0;
  for (const auto& [id, o] : offers) {
    if (touched.count(id)) continue;
    ++untouched;
    EXPECT_EQ(count[id], 1) << id << " untouched but skipped";
  }
  EXPECT_GT(untouched, 30);
}

TEST(SearchIndexTest, PagesNeverRepeatOrSkipWhileWritesHappenById) {
  CheckStableUnderWrites(/*with_text=*/false);
}

TEST(SearchIndexTest, PagesNeverRepeatOrSkipWhileWritesHappenByScore) {
  CheckStableUnderWrites(/*with_text=*/true);
}

TEST(SearchIndexTest, CursorIsTheLastHit) {
  auto index =
      Build({Offer("off_1", "A permis"), Offer("off_2", "B permis"), Offer("off_3", "C permis")});
  SearchPage first = index->Search(Text("permis"), std::nullopt, 2, Ref());
  ASSERT_TRUE(first.next.has_value());
  EXPECT_EQ(*first.next, (SearchCursor{kTitleWeight, "off_2"}));
  SearchPage second = index->Search(Text("permis"), first.next, 2, Ref());
  EXPECT_THAT(Ids(second), ElementsAre("off_3"));
  EXPECT_FALSE(second.next.has_value());
}

TEST(QueryTermsTest, FoldsDropsStopWordsAndDuplicates) {
  EXPECT_THAT(QueryTerms("Le permis de CONDUIRE, permis"), ElementsAre("conduire", "permis"));
}

}  // namespace
}  // namespace parcours::catalogue
