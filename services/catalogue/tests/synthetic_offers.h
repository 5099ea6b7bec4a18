// The synthetic offers of the catalogue benchmarks (catalogue_benchmark over the real
// server, search_index_benchmark over the index alone), so that both measure the same
// corpus: a title of two words and the offer's number, a summary of two words, a 40-word
// description, one of seven thematiques, one of six TADs, an age limit on half of them.
// Words come from a vocabulary of 20 real words and 300 made-up ones, so that a query word
// matches a realistic share of the offers (one of the 20 is in roughly one offer in eight).
//
//   SyntheticOffers gen;                 // seeded: the same offers every run
//   v1::Offer o = gen.Next(i);           // descriptive fields only: no id, structure, status
#ifndef PARCOURS_SERVICES_CATALOGUE_TESTS_SYNTHETIC_OFFERS_H_
#define PARCOURS_SERVICES_CATALOGUE_TESTS_SYNTHETIC_OFFERS_H_

#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {

class SyntheticOffers {
 public:
  explicit SyntheticOffers(uint32_t seed = 42) : rng_(seed), vocabulary_(Vocabulary()) {}

  static std::vector<std::string> Vocabulary() {
    std::vector<std::string> words = {
        "permis",   "mobilité", "logement",       "numérique", "emploi",    "formation", "santé",
        "garde",    "enfants",  "budget",         "atelier",   "insertion", "cv",        "entretien",
        "français", "chantier", "accompagnement", "droits",    "véhicule",  "bénévolat"};
    const char* syllables[] = {"ba",  "ro", "ti", "vel", "mon", "ca", "dre", "lu", "pa",  "sen",
                               "gor", "mi", "fa", "to",  "ren", "li", "que", "sa", "dou", "ne"};
    for (int i = 0; words.size() < 320; ++i) {
      words.push_back(
          absl::StrCat(syllables[i % 20], syllables[(i / 20) % 20], syllables[(i * 7 + 3) % 20]));
    }
    return words;
  }

  v1::Offer Next(int i) {
    static const char* const kThematiques[] = {
        "mobilite--preparer-un-permis",
        "numerique--acquerir-un-equipement",
        "logement-hebergement--louer-un-logement",
        "sante--acces-aux-soins",
        "trouver-un-emploi--repondre-a-des-offres-demploi",
        "famille--garde-denfants",
        "se-former--trouver-sa-formation"};
    static const char* const kTads[] = {"TAD-CENTRE",     "TAD-EST",     "TAD-NORD-EST",
                                        "TAD-NORD-OUEST", "TAD-SUD-EST", "TAD-SUD-OUEST"};
    const auto word = [&] { return vocabulary_[rng_() % vocabulary_.size()]; };
    v1::Offer o;
    o.set_title(absl::StrCat(word(), " ", word(), " ", i));
    o.set_summary(absl::StrCat(word(), " et ", word()));
    std::string description;
    for (int w = 0; w < 40; ++w) absl::StrAppend(&description, word(), " ");
    o.set_description(description);
    o.add_thematiques(kThematiques[rng_() % std::size(kThematiques)]);
    o.set_type("accompagnement");
    o.add_publics("beneficiaires-des-minimas-sociaux");
    o.mutable_territories()->add_tads(kTads[rng_() % std::size(kTads)]);
    o.mutable_eligibility()->set_max_age(rng_() % 2 ? 0 : 30);
    return o;
  }

 private:
  std::mt19937 rng_;
  std::vector<std::string> vocabulary_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_SYNTHETIC_OFFERS_H_
