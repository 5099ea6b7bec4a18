// Valid catalogue messages for tests, so each test changes only what it is about.
//
//   v1::Offer o = ValidOffer("str_1");
//   o.set_title("x");   // now invalid: too short
#ifndef PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_OFFERS_H_
#define PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_OFFERS_H_

#include <string>

#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue::testdata {

inline v1::Structure ValidStructure(const std::string& name = "Atelier Mobilité Évry") {
  v1::Structure s;
  s.set_name(name);
  s.set_kind(v1::STRUCTURE_KIND_ASSOCIATION);
  s.set_siret("12345678900011");
  s.mutable_address()->set_street("3 rue de la Gare");
  s.mutable_address()->set_postal_code("91000");
  s.mutable_address()->set_commune_insee("91228");
  s.set_email("contact@example.org");
  s.mutable_territories()->add_tads("TAD-EST");
  return s;
}

inline v1::Offer ValidOffer(const std::string& structure_id,
                            const std::string& title = "Permis B accompagné") {
  v1::Offer o;
  o.set_structure_id(structure_id);
  o.set_title(title);
  o.set_summary("Code et conduite avec un moniteur solidaire");
  o.set_description("Préparation au permis de conduire pour les bénéficiaires du RSA.");
  o.add_thematiques("mobilite--preparer-un-permis");
  o.set_type("formation");
  o.add_publics("beneficiaires-des-minimas-sociaux");
  o.set_format(v1::OFFER_FORMAT_COLLECTIVE);
  o.add_modes_accueil("en-presentiel");
  o.mutable_territories()->add_tads("TAD-EST");
  o.set_capacity(0);
  v1::Funding* f = o.add_funding();
  f->set_source(v1::FUNDING_SOURCE_FSE);
  f->set_amount_cents(1000000);
  o.set_budget_cents(2000000);
  o.set_pdi_fiche("3-9");
  return o;
}

inline parcours::common::v1::Date MakeDate(int y, int m, int d) {
  parcours::common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

inline v1::Session MakeSession(int places, parcours::common::v1::Date start,
                               parcours::common::v1::Date end) {
  v1::Session s;
  s.set_places(places);
  *s.mutable_start_date() = start;
  *s.mutable_end_date() = end;
  return s;
}

}  // namespace parcours::catalogue::testdata

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_OFFERS_H_
