#include "tools/synth/person.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/synth/random.h"

namespace parcours::synth {
namespace {

constexpr uint64_t kPeople = 1;

// Surnames nobody bears as such: the data are recognisably fake at a glance.
const std::vector<std::string>& LastNames() {
  static const auto* v = new std::vector<std::string>{
      "Fictif",   "Exemple",  "Factice",  "Témoin",    "Modèle",      "Essai",
      "Spécimen", "Synthèse", "Maquette", "Prototype", "Échantillon", "Simulé"};
  return *v;
}
// {display, ascii for the e-mail}
const std::vector<std::pair<std::string, std::string>>& FirstNames() {
  static const auto* v = new std::vector<std::pair<std::string, std::string>>{
      {"Alix", "alix"},     {"Bastien", "bastien"}, {"Chloé", "chloe"},   {"Dylan", "dylan"},
      {"Émilie", "emilie"}, {"Farid", "farid"},     {"Gaëlle", "gaelle"}, {"Hugo", "hugo"},
      {"Inès", "ines"},     {"Jules", "jules"},     {"Kenza", "kenza"},   {"Léo", "leo"},
      {"Manon", "manon"},   {"Nathan", "nathan"},   {"Océane", "oceane"}, {"Paul", "paul"},
      {"Rose", "rose"},     {"Samir", "samir"},     {"Théo", "theo"},     {"Yasmine", "yasmine"}};
  return *v;
}
const std::vector<std::string>& Streets() {
  static const auto* v = new std::vector<std::string>{
      "rue de l'Exemple", "allée du Modèle",     "avenue de l'Essai",
      "place Fictive",    "chemin du Prototype", "impasse de la Maquette"};
  return *v;
}

std::string Ascii(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) out += absl::ascii_tolower(c);
  }
  return out.empty() ? "x" : out;
}

std::string Phone(Rng& r) { return absl::StrFormat("0600%06d", r.Uniform(0, 999999)); }

}  // namespace

Person MakePerson(uint64_t seed, int64_t index, int year, const ReferenceTerritories& ref) {
  Rng r(seed, kPeople, static_cast<uint64_t>(index));
  Person p;
  p.index = index;
  p.caf_number = absl::StrFormat("%07d", 1000000 + index);
  p.beneficiary_ref = absl::StrFormat("syn_%016x", Mix(seed ^ Mix(static_cast<uint64_t>(index))));
  p.last_name = r.Pick(LastNames());
  const auto& first = r.Pick(FirstNames());
  p.first_name = first.first;
  const int age = static_cast<int>(r.Uniform(18, 64));
  p.birth_date = absl::CivilDay(year - age, static_cast<int>(r.Uniform(1, 12)),
                                static_cast<int>(r.Uniform(1, 28)));
  p.commune = &ref.communes()[static_cast<size_t>(r.Uniform(0, ref.communes().size() - 1))];
  p.address_line = absl::StrCat(r.Uniform(1, 120), " ", r.Pick(Streets()));
  if (r.PerMille(600)) p.phone = Phone(r);
  if (r.PerMille(400)) {
    p.email = absl::StrCat(first.second, ".", Ascii(p.last_name), ".", index, "@example.org");
  }
  p.subject_to_rights_and_duties = r.PerMille(920);
  const absl::CivilDay jan1(year, 1, 1), dec31(year, 12, 31);
  p.entry_date = jan1 + r.Uniform(0, 364);
  if (p.entry_date > dec31) p.entry_date = dec31;
  if (r.PerMille(250)) {
    const absl::CivilDay d = p.entry_date + r.Uniform(15, 120);
    if (d <= dec31) {
      p.change_date = d;
      if (r.PerMille(500)) {
        p.moved_to = &ref.communes()[static_cast<size_t>(r.Uniform(0, ref.communes().size() - 1))];
        if (p.moved_to == p.commune) p.moved_to = nullptr;
      }
      if (p.moved_to == nullptr) p.new_phone = Phone(r);
    }
  }
  if (r.PerMille(180)) {
    absl::CivilDay d = p.entry_date + r.Uniform(60, 300);
    if (p.change_date && d <= *p.change_date) d = *p.change_date + 1;
    if (d <= dec31) {
      p.exit_date = d;
      static const auto* reasons = new std::vector<std::string>{"END_OF_RIGHTS",
                                                                "END_OF_RIGHTS",
                                                                "INCOME_ABOVE_THRESHOLD",
                                                                "INCOME_ABOVE_THRESHOLD",
                                                                "INCOME_ABOVE_THRESHOLD",
                                                                "MOVED_OUT",
                                                                "OTHER_EXIT"};
      p.exit_reason = r.Pick(*reasons);
    }
  }

  // The household.
  p.member_refs.push_back(p.beneficiary_ref);
  const int others = static_cast<int>(r.Uniform(0, 3));
  for (int k = 1; k <= others; ++k)
    p.member_refs.push_back(absl::StrCat(p.beneficiary_ref, "_", k));
  // One household in a hundred shares its bank account with the previous one (a signal).
  const uint64_t account =
      r.PerMille(10) && index > 0 ? static_cast<uint64_t>(index - 1) : static_cast<uint64_t>(index);
  p.bank_fingerprint =
      absl::StrFormat("sha256:%016x%016x", Mix(seed ^ account), Mix(Mix(seed) ^ account));
  p.monthly_rsa_cents = 63500 + 28000 * others - r.Uniform(0, 20000);

  const int first_q = (p.entry_date.month() - 1) / 3 + 1;
  const int last_q = p.exit_date ? (p.exit_date->month() - 1) / 3 + 1 : 4;
  const bool works = r.PerMille(350);
  const bool unemployed = r.PerMille(150);
  const bool hides_salary = r.PerMille(40);  // payroll sees more than declared
  for (int q = first_q; q <= last_q; ++q) {
    QuarterIncome qi;
    qi.quarter = q;
    if (works) {
      qi.declared_salary = r.Uniform(30000, 240000);
      qi.seen_salary = qi.declared_salary;
    }
    if (unemployed) qi.declared_unemployment = r.Uniform(60000, 180000);
    if (hides_salary) {
      qi.seen_salary = std::max<int64_t>(qi.declared_salary, 0) + r.Uniform(150000, 600000);
    }
    p.quarters.push_back(qi);
  }
  if (r.PerMille(10)) p.persons_seen = static_cast<int>(p.member_refs.size()) + 2;
  p.mail_returned = r.PerMille(10);
  return p;
}

}  // namespace parcours::synth
