#include "tools/synth/departement.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "libs/common/status_macros.h"
#include "nlohmann/json.hpp"
#include "parcours/fraud/v1/fraud.pb.h"
#include "services/orientation/domain/caf_flow_csv.h"
#include "tools/synth/person.h"
#include "tools/synth/random.h"

namespace parcours::synth {
namespace {

using nlohmann::json;
namespace fv1 = parcours::fraud::v1;

constexpr uint64_t kStructures = 2, kServices = 3;

// Opens `dir/name` for writing; the stream fails loudly at the end (see Close).
absl::StatusOr<std::ofstream> Open(const std::string& dir, const std::string& name) {
  std::ofstream out(dir + "/" + name, std::ios::binary | std::ios::trunc);
  if (!out) return absl::FailedPreconditionError(absl::StrCat("cannot write ", dir, "/", name));
  return out;
}
absl::Status Close(std::ofstream& out, const std::string& name) {
  out.close();
  if (!out) return absl::DataLossError(absl::StrCat("writing ", name, " failed"));
  return absl::OkStatus();
}

std::string Day(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

common::v1::Date ProtoDate(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

std::string JsonLine(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);  // cannot fail for our types
  return out + "\n";
}

orientation::ExitReason ExitReasonOf(const std::string& name) {
  if (name == "END_OF_RIGHTS") return orientation::ExitReason::kEndOfRights;
  if (name == "INCOME_ABOVE_THRESHOLD") return orientation::ExitReason::kIncomeAboveThreshold;
  if (name == "MOVED_OUT") return orientation::ExitReason::kMovedOut;
  if (name == "DECEASED") return orientation::ExitReason::kDeceased;
  return orientation::ExitReason::kOther;
}

// The person's CAF records dated in `month`, in event order.
void CafRecordsOf(const Person& p, int month, std::vector<orientation::CafRecord>& out) {
  using orientation::CafRecord;
  using orientation::CafRecordKind;
  if (p.entry_date.month() == month) {
    CafRecord r;
    r.kind = CafRecordKind::kEntrant;
    r.caf_number = p.caf_number;
    r.event_date = p.entry_date;
    r.last_name = p.last_name;
    r.first_name = p.first_name;
    r.birth_date = p.birth_date;
    r.commune_insee = p.commune->insee;
    r.address_line = p.address_line;
    r.phone = p.phone;
    r.email = p.email;
    r.subject_to_rights_and_duties = p.subject_to_rights_and_duties;
    out.push_back(std::move(r));
  }
  if (p.change_date && p.change_date->month() == month) {
    CafRecord r;
    r.kind = CafRecordKind::kChange;
    r.caf_number = p.caf_number;
    r.event_date = *p.change_date;
    if (p.moved_to != nullptr) {
      r.commune_insee = p.moved_to->insee;
      r.address_line = absl::StrCat("1 ", "rue du Déménagement");
    }
    r.phone = p.new_phone;
    r.subject_to_rights_and_duties = p.subject_to_rights_and_duties;
    out.push_back(std::move(r));
  }
  if (p.exit_date && p.exit_date->month() == month) {
    CafRecord r;
    r.kind = CafRecordKind::kExit;
    r.caf_number = p.caf_number;
    r.event_date = *p.exit_date;
    r.subject_to_rights_and_duties = p.subject_to_rights_and_duties;
    r.exit_reason = ExitReasonOf(p.exit_reason);
    out.push_back(std::move(r));
  }
}

// Month by month, so that a change or an exit never comes before its entry; within a
// month, person by person.
absl::Status WriteCafFlow(const SynthOptions& o, const ReferenceTerritories& ref,
                          const std::string& dir, SynthCounts& n) {
  ASSIGN_OR_RETURN(std::ofstream out, Open(dir, "caf_flow.csv"));
  bool header = true;
  for (int month = 1; month <= 12; ++month) {
    std::vector<orientation::CafRecord> records;
    for (int64_t i = 0; i < o.beneficiaries; ++i) {
      CafRecordsOf(MakePerson(o.seed, i, o.year, ref), month, records);
      if (records.size() >= 20000 || i + 1 == o.beneficiaries) {
        std::string text = orientation::WriteCafCsv(records);
        if (!header) text.erase(0, text.find('\n') + 1);  // one header for the file
        header = false;
        out << text;
        n.caf_records += static_cast<int64_t>(records.size());
        records.clear();
      }
    }
  }
  return Close(out, "caf_flow.csv");
}

struct Theme {
  const char* title;
  const char* thematique;
  const char* type;
};
const std::vector<Theme>& Themes() {
  static const auto* v = new std::vector<Theme>{
      {"Atelier CV et lettre de motivation",
       "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation", "atelier"},
      {"Accès à un véhicule pour aller travailler", "mobilite--acceder-a-un-vehicule",
       "aide-materielle"},
      {"Premiers pas avec les services en ligne", "numerique--acceder-a-des-services-en-ligne",
       "formation"},
      {"Accompagnement dans l'emploi", "trouver-un-emploi--maintien-dans-lemploi",
       "accompagnement"},
      {"Confirmer son projet professionnel", "choisir-un-metier--confirmer-son-choix-de-metier",
       "information"},
      {"Soutien à la parentalité", "famille--soutien-a-la-parentalite-et-a-leducation",
       "accompagnement"},
      {"Accès aux soins et aux droits de santé", "sante--acces-aux-soins", "accompagnement"},
      {"Trouver sa formation", "se-former--trouver-sa-formation", "information"},
      {"Structurer son projet de création d'entreprise",
       "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise", "accompagnement"},
      {"Changer de logement", "logement-hebergement--changer-de-logement", "accompagnement"}};
  return *v;
}
const std::vector<std::string>& StructureKinds() {
  static const auto* v = new std::vector<std::string>{
      "Association fictive", "Chantier d'insertion fictif", "Entreprise d'insertion fictive",
      "Organisme de formation fictif", "Centre social fictif"};
  return *v;
}

// data·inclusion v1: {"structures": [...], "services": [...]}, written item by item.
absl::Status WriteDataInclusion(const SynthOptions& o, const ReferenceTerritories& ref,
                                const std::string& dir, SynthCounts& n) {
  ASSIGN_OR_RETURN(std::ofstream out, Open(dir, "data_inclusion.json"));
  const int64_t structures = StructuresFor(o.beneficiaries);
  const std::string date = Day(absl::CivilDay(o.year, 1, 15));
  out << "{\"structures\": [\n";
  std::vector<const SynthCommune*> home(static_cast<size_t>(structures));
  for (int64_t j = 0; j < structures; ++j) {
    Rng r(o.seed, kStructures, static_cast<uint64_t>(j));
    const std::string& tad = ref.tads()[static_cast<size_t>(j) % ref.tads().size()];
    std::vector<const SynthCommune*> communes = ref.CommunesOf(tad);
    const SynthCommune* c = communes[static_cast<size_t>(r.Uniform(0, communes.size() - 1))];
    home[static_cast<size_t>(j)] = c;
    json s = {{"id", absl::StrFormat("synth-str-%06d", j)},
              {"source", "parcours-synth"},
              {"nom", absl::StrCat(r.Pick(StructureKinds()), " de ", c->name, " n°", j + 1)},
              {"siret", absl::StrFormat("99%012d", j)},
              {"description", "Structure d'insertion fictive, générée pour les essais."},
              {"adresse", absl::StrCat(r.Uniform(1, 80), " rue de l'Exemple")},
              {"code_insee", c->insee},
              {"commune", c->name},
              {"courriel", absl::StrFormat("contact-%06d@example.org", j)},
              {"telephone", absl::StrFormat("0100%06d", j % 1000000)},
              {"date_maj", date}};
    out << (j == 0 ? "" : ",\n") << s.dump();
    ++n.structures;
  }
  out << "\n], \"services\": [\n";
  for (int64_t k = 0; k < 2 * structures; ++k) {
    Rng r(o.seed, kServices, static_cast<uint64_t>(k));
    const int64_t j = k / 2;
    const SynthCommune* c = home[static_cast<size_t>(j)];
    const Theme& t = r.Pick(Themes());
    json zone = json::array();
    if (r.PerMille(250)) {
      zone.push_back("91");  // the whole Département
    } else {
      for (const SynthCommune* x : ref.CommunesOf(c->tad)) zone.push_back(x->insee);
    }
    json s = {{"id", absl::StrFormat("synth-svc-%06d", k)},
              {"source", "parcours-synth"},
              {"structure_id", absl::StrFormat("synth-str-%06d", j)},
              {"nom", absl::StrCat(t.title, " (", c->name, ")")},
              {"description", absl::StrCat(t.title, " : action fictive proposée à ", c->name,
                                           ", générée pour les essais.")},
              {"thematiques", json::array({t.thematique})},
              {"type", t.type},
              {"publics", json::array({"beneficiaires-des-minimas-sociaux"})},
              {"frais", "gratuit"},
              {"modes_accueil", json::array({"en-presentiel"})},
              {"mobilisable_par", json::array({"professionnels"})},
              {"modes_mobilisation", json::array({"envoyer-un-courriel"})},
              {"volume_horaire_hebdomadaire", static_cast<double>(r.Uniform(2, 35))},
              {"nombre_semaines", static_cast<int>(r.Uniform(1, 26))},
              {"code_insee", c->insee},
              {"commune", c->name},
              {"courriel", absl::StrFormat("action-%06d@example.org", k)},
              {"zone_eligibilite", zone},
              {"date_maj", date}};
    out << (k == 0 ? "" : ",\n") << s.dump();
    ++n.services;
  }
  out << "\n]}\n";
  return Close(out, "data_inclusion.json");
}

// Three référents per MDS (professional, socio-professional, social), more at scale.
absl::Status WriteReferents(const SynthOptions& o, const ReferenceTerritories& ref,
                            const std::string& dir, SynthCounts& n) {
  ASSIGN_OR_RETURN(std::ofstream out, Open(dir, "referents.jsonl"));
  static const char* kTypes[] = {"PROFESSIONAL", "SOCIO_PROFESSIONAL", "SOCIAL"};
  const int64_t per_mds =
      std::max<int64_t>(3, o.beneficiaries / (60 * static_cast<int64_t>(ref.mds().size())));
  const int64_t caseload = std::clamp<int64_t>(
      o.beneficiaries / std::max<int64_t>(1, per_mds * static_cast<int64_t>(ref.mds().size())) + 10,
      1, 500);
  int64_t k = 0;
  for (const SynthMds& m : ref.mds()) {
    for (int64_t j = 0; j < per_mds; ++j, ++k) {
      json slots = json::array();
      for (int d = 0; d < o.slot_days; ++d) {
        for (int hour : {8, 13}) {  // 09:00 and 14:00 in Paris in winter
          const absl::CivilDay day = o.slots_start + d;
          slots.push_back({{"starts_at", absl::StrFormat("%sT%02d:%02d:00Z", Day(day), hour,
                                                         static_cast<int>((k % 4) * 15))},
                           {"duration_minutes", 45}});
          ++n.slots;
        }
      }
      json line = {{"request_id", absl::StrFormat("synth-%d-referent-%06d", o.seed, k)},
                   {"referent",
                    {{"display_name", absl::StrCat("Référent fictif ", m.name, " ", j + 1)},
                     {"structure_id", absl::StrCat("synth-", m.code)},
                     {"orientation_type", kTypes[j % 3]},
                     {"tad", m.tad},
                     {"mds", m.code},
                     {"target_caseload", caseload}}},
                   {"slots", slots}};
      out << line.dump() << "\n";
      ++n.referents;
    }
  }
  return Close(out, "referents.jsonl");
}

absl::Status WriteFraudFiles(const SynthOptions& o, const ReferenceTerritories& ref,
                             const std::string& dir, SynthCounts& n) {
  ASSIGN_OR_RETURN(std::ofstream households, Open(dir, "households.jsonl"));
  ASSIGN_OR_RETURN(std::ofstream declarations, Open(dir, "declarations.jsonl"));
  ASSIGN_OR_RETURN(std::ofstream checks, Open(dir, "cross_checks.jsonl"));
  for (int64_t i = 0; i < o.beneficiaries; ++i) {
    const Person p = MakePerson(o.seed, i, o.year, ref);
    const SynthCommune* lives = p.moved_to != nullptr ? p.moved_to : p.commune;
    fv1::HouseholdRecord h;
    h.set_caf_number(p.caf_number);
    h.set_beneficiary_id(p.beneficiary_ref);
    for (const std::string& m : p.member_refs) h.add_member_ids(m);
    h.mutable_address()->set_street(p.address_line);
    h.mutable_address()->set_commune_insee(lives->insee);
    h.mutable_address()->set_country("FR");
    h.set_bank_account_fingerprint(p.bank_fingerprint);
    h.set_monthly_rsa_cents(p.monthly_rsa_cents);
    *h.mutable_rsa_since() = ProtoDate(p.entry_date);
    h.mutable_territory()->set_tad(lives->tad);
    h.mutable_territory()->set_mds(lives->mds);
    households << JsonLine(h);
    ++n.households;

    for (const QuarterIncome& q : p.quarters) {
      fv1::DeclarationRecord d;
      d.set_caf_number(p.caf_number);
      d.mutable_period()->set_year(o.year);
      d.mutable_period()->set_quarter(q.quarter);
      if (q.declared_salary > 0) {
        auto* a = d.add_amounts();
        a->set_category(fv1::INCOME_CATEGORY_SALARY);
        a->set_amount_cents(q.declared_salary);
      }
      if (q.declared_unemployment > 0) {
        auto* a = d.add_amounts();
        a->set_category(fv1::INCOME_CATEGORY_UNEMPLOYMENT_BENEFIT);
        a->set_amount_cents(q.declared_unemployment);
      }
      absl::CivilDay declared_on = absl::CivilDay(o.year, q.quarter * 3, 1) + 35;
      *d.mutable_declared_on() = ProtoDate(declared_on);
      declarations << JsonLine(d);
      ++n.declarations;

      auto check = [&](fv1::CrossCheckSource source, const std::string& ref_kind) {
        fv1::CrossCheckRecord c;
        c.set_caf_number(p.caf_number);
        c.set_source(source);
        c.set_reference(
            absl::StrFormat("synth-%s-%s-%dq%d", ref_kind, p.caf_number, o.year, q.quarter));
        c.mutable_period()->set_year(o.year);
        c.mutable_period()->set_quarter(q.quarter);
        return c;
      };
      if (q.seen_salary >= 0) {
        fv1::CrossCheckRecord c = check(fv1::CROSS_CHECK_SOURCE_PAYROLL, "dsn");
        c.set_kind(fv1::FACT_KIND_INCOME);
        c.set_category(fv1::INCOME_CATEGORY_SALARY);
        c.set_amount_cents(q.seen_salary);
        checks << JsonLine(c);
        ++n.cross_checks;
      }
      if (q.declared_unemployment > 0) {
        fv1::CrossCheckRecord c = check(fv1::CROSS_CHECK_SOURCE_FRANCE_TRAVAIL, "ft");
        c.set_kind(fv1::FACT_KIND_INCOME);
        c.set_category(fv1::INCOME_CATEGORY_UNEMPLOYMENT_BENEFIT);
        c.set_amount_cents(q.declared_unemployment);
        checks << JsonLine(c);
        ++n.cross_checks;
      }
      if (q.quarter == p.quarters.back().quarter) {
        if (p.persons_seen > 0) {
          fv1::CrossCheckRecord c = check(fv1::CROSS_CHECK_SOURCE_DGFIP, "dgfip");
          c.set_kind(fv1::FACT_KIND_PERSONS_IN_HOUSEHOLD);
          c.set_persons(p.persons_seen);
          checks << JsonLine(c);
          ++n.cross_checks;
        }
        if (p.mail_returned) {
          fv1::CrossCheckRecord c = check(fv1::CROSS_CHECK_SOURCE_POSTAL, "npai");
          c.set_kind(fv1::FACT_KIND_MAIL_RETURNED);
          checks << JsonLine(c);
          ++n.cross_checks;
        }
      }
    }
  }
  RETURN_IF_ERROR(Close(households, "households.jsonl"));
  RETURN_IF_ERROR(Close(declarations, "declarations.jsonl"));
  return Close(checks, "cross_checks.jsonl");
}

}  // namespace

absl::StatusOr<int64_t> ScaleToBeneficiaries(const std::string& scale) {
  if (scale == "small") return 300;
  if (scale == "medium") return 20000;
  if (scale == "national") return 1900000;
  int64_t n = 0;
  if (!absl::SimpleAtoi(scale, &n) || n < 1 || n > 8999999) {
    return absl::InvalidArgumentError(
        "--scale: small, medium, national or a number of beneficiaries in 1..8999999");
  }
  return n;
}

int64_t StructuresFor(int64_t beneficiaries) {
  return std::clamp<int64_t>(beneficiaries / 15, 12, 20000);
}

absl::StatusOr<SynthCounts> WriteDepartement(const SynthOptions& o, const ReferenceTerritories& ref,
                                             const std::string& dir) {
  SynthCounts n;
  RETURN_IF_ERROR(WriteCafFlow(o, ref, dir, n));
  RETURN_IF_ERROR(WriteDataInclusion(o, ref, dir, n));
  RETURN_IF_ERROR(WriteReferents(o, ref, dir, n));
  RETURN_IF_ERROR(WriteFraudFiles(o, ref, dir, n));
  return n;
}

}  // namespace parcours::synth
