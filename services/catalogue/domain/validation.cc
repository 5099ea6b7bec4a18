#include "services/catalogue/domain/validation.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/catalogue/domain/dates.h"

namespace parcours::catalogue {
namespace {

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}
std::string Item(const std::string& path, int i) { return absl::StrCat(path, "[", i, "]"); }

// Characters, not bytes: limits are stated to people in characters.
size_t Utf8Length(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void CheckText(const std::string& value, const std::string& field, size_t min, size_t max,
               errors::FieldViolations& v) {
  const size_t n = Utf8Length(value);
  if (min > 0 && n == 0) {
    v.Add(field, "required");
  } else if (n < min || n > max) {
    v.Add(field, absl::StrCat("must be ", min, " to ", max, " characters (is ", n, ")"));
  }
}

bool AllDigits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void CheckEmail(const std::string& email, const std::string& field, errors::FieldViolations& v) {
  if (email.empty()) return;
  const size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find('.', at) == std::string::npos || email.find(' ') != std::string::npos) {
    v.Add(field, "not an e-mail address");
  }
}

void CheckPhone(const std::string& phone, const std::string& field, errors::FieldViolations& v) {
  if (phone.empty()) return;
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '.' && c != '-' && c != '+' && c != '(' && c != ')') {
      v.Add(field, "only digits, spaces and + . - ( ) allowed");
      return;
    }
  }
  if (digits < 4 || digits > 15) v.Add(field, "must hold 4 to 15 digits");
}

void CheckUrl(const std::string& url, const std::string& field, errors::FieldViolations& v) {
  if (url.empty()) return;
  if (url.size() > 2083 || (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)) {
    v.Add(field, "must be an http(s) URL of at most 2083 characters");
  }
}

// Every value in the vocabulary, no duplicates.
template <typename Pred>
void CheckVocabulary(const google::protobuf::RepeatedPtrField<std::string>& values,
                     const std::string& field, const char* vocabulary, Pred known,
                     errors::FieldViolations& v) {
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    if (!known(values[i])) {
      v.Add(Item(field, i), absl::StrCat("unknown value \"", values[i], "\" (", vocabulary, ")"));
    } else if (!seen.insert(values[i]).second) {
      v.Add(Item(field, i), absl::StrCat("duplicate value \"", values[i], "\""));
    }
  }
}

void CheckAddress(const v1::Address& a, const std::string& field, errors::FieldViolations& v) {
  CheckText(a.street(), Path(field, "street"), 0, 200, v);
  CheckText(a.complement(), Path(field, "complement"), 0, 200, v);
  CheckText(a.commune_name(), Path(field, "commune_name"), 0, 100, v);
  if (!a.postal_code().empty() && (a.postal_code().size() != 5 || !AllDigits(a.postal_code()))) {
    v.Add(Path(field, "postal_code"), "must be 5 digits");
  }
  if (!a.commune_insee().empty()) {
    const bool ok = a.commune_insee().size() == 5 &&
                    std::all_of(a.commune_insee().begin(), a.commune_insee().end(),
                                [](char c) { return absl::ascii_isalnum(c); });
    if (!ok) v.Add(Path(field, "commune_insee"), "must be a 5-character INSEE code");
  }
}

bool IsFiche(const std::string& f) {
  // "<axis>-<number>": "3-9", "2-14" (the PDI's own numbering; the list changes with
  // each PDI, so only the shape is checked).
  const size_t dash = f.find('-');
  if (dash != 1 || f.size() < 3 || f.size() > 4) return false;
  return f[0] >= '1' && f[0] <= '9' && AllDigits(f.substr(2)) && f[2] != '0';
}

}  // namespace

void ValidateRequestId(const std::string& request_id, errors::FieldViolations& v) {
  if (request_id.empty()) {
    v.Add("request_id", "required (a client-chosen key that makes retries safe)");
    return;
  }
  if (request_id.size() > kMaxRequestIdLength) {
    v.Add("request_id", absl::StrCat("at most ", kMaxRequestIdLength, " characters"));
    return;
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7E) {
      v.Add("request_id", "printable ASCII only");
      return;
    }
  }
}

void ValidateId(const std::string& id, const std::string& field, bool required,
                errors::FieldViolations& v) {
  if (id.empty()) {
    if (required) v.Add(field, "required");
    return;
  }
  const bool ok = id.size() <= kMaxIdLength && std::all_of(id.begin(), id.end(), [](char c) {
                    return absl::ascii_isalnum(c) || c == '_' || c == '-';
                  });
  if (!ok) v.Add(field, "not a well-formed id");
}

void ValidateEtag(const std::string& etag, const std::string& field, errors::FieldViolations& v) {
  if (etag.empty()) {
    v.Add(field, "required: the etag of the version you read");
  } else if (EtagVersion(etag) <= 0) {
    v.Add(field, "not an etag this service issued");
  }
}

int64_t EtagVersion(const std::string& etag) {
  int64_t version = 0;
  if (etag.size() > 19 || !AllDigits(etag) || !absl::SimpleAtoi(etag, &version)) return 0;
  return version;
}

void ValidateTerritories(const v1::Territories& t, const ReferenceData& ref,
                         const std::string& prefix, errors::FieldViolations& v) {
  CheckVocabulary(
      t.tads(), Path(prefix, "tads"), "TAD codes",
      [&](const std::string& c) { return ref.IsTad(c); }, v);
  CheckVocabulary(
      t.mds(), Path(prefix, "mds"), "MDS codes", [&](const std::string& c) { return ref.IsMds(c); },
      v);
  CheckVocabulary(
      t.communes(), Path(prefix, "communes"), "INSEE codes of the Département",
      [&](const std::string& c) { return ref.IsCommune(c); }, v);
}

void ValidateStructure(const v1::Structure& s, const ReferenceData& ref, const std::string& prefix,
                       errors::FieldViolations& v) {
  CheckText(s.name(), Path(prefix, "name"), 3, 150, v);
  if (s.kind() == v1::STRUCTURE_KIND_UNSPECIFIED || !v1::StructureKind_IsValid(s.kind())) {
    v.Add(Path(prefix, "kind"), "required");
  }
  if (!s.siret().empty() && (s.siret().size() != 14 || !AllDigits(s.siret()))) {
    v.Add(Path(prefix, "siret"), "must be 14 digits");
  }
  CheckAddress(s.address(), Path(prefix, "address"), v);
  CheckEmail(s.email(), Path(prefix, "email"), v);
  CheckPhone(s.phone(), Path(prefix, "phone"), v);
  CheckUrl(s.website(), Path(prefix, "website"), v);
  CheckText(s.description(), Path(prefix, "description"), 0, 10000, v);
  ValidateTerritories(s.territories(), ref, Path(prefix, "territories"), v);
  CheckText(s.source(), Path(prefix, "source"), 0, 100, v);
  CheckText(s.external_id(), Path(prefix, "external_id"), 0, 200, v);
}

void ValidateOffer(const v1::Offer& o, const ReferenceData& ref, const std::string& prefix,
                   errors::FieldViolations& v) {
  ValidateId(o.structure_id(), Path(prefix, "structure_id"), /*required=*/true, v);
  CheckText(o.title(), Path(prefix, "title"), 3, 150, v);
  CheckText(o.summary(), Path(prefix, "summary"), 0, 280, v);
  CheckText(o.description(), Path(prefix, "description"), 1, 10000, v);
  if (o.thematiques().empty()) v.Add(Path(prefix, "thematiques"), "at least one thematique");
  CheckVocabulary(
      o.thematiques(), Path(prefix, "thematiques"), "data·inclusion thematiques",
      [&](const std::string& x) { return ref.IsThematique(x); }, v);
  if (o.type().empty()) {
    v.Add(Path(prefix, "type"), "required (data·inclusion type)");
  } else if (!ref.IsType(o.type())) {
    v.Add(Path(prefix, "type"), absl::StrCat("unknown value \"", o.type(), "\""));
  }
  CheckVocabulary(
      o.publics(), Path(prefix, "publics"), "data·inclusion publics",
      [&](const std::string& x) { return ref.IsPublic(x); }, v);
  if (o.publics_size() > 1 &&
      std::find(o.publics().begin(), o.publics().end(), "tous-publics") != o.publics().end()) {
    v.Add(Path(prefix, "publics"), "\"tous-publics\" must be the only public");
  }
  CheckVocabulary(
      o.modes_accueil(), Path(prefix, "modes_accueil"), "modes d'accueil",
      [&](const std::string& x) { return ref.IsModeAccueil(x); }, v);
  CheckVocabulary(
      o.mobilisable_par(), Path(prefix, "mobilisable_par"), "personnes mobilisatrices",
      [&](const std::string& x) { return ref.IsMobilisablePar(x); }, v);
  CheckVocabulary(
      o.modes_mobilisation(), Path(prefix, "modes_mobilisation"), "modes de mobilisation",
      [&](const std::string& x) { return ref.IsModeMobilisation(x); }, v);
  if (!o.frais().empty() && !ref.IsFrais(o.frais())) {
    v.Add(Path(prefix, "frais"), absl::StrCat("unknown value \"", o.frais(), "\""));
  }
  if (!v1::OfferFormat_IsValid(o.format())) v.Add(Path(prefix, "format"), "unknown value");

  const v1::Eligibility& e = o.eligibility();
  const std::string el = Path(prefix, "eligibility");
  if (e.min_age() < 0 || e.min_age() > 120) v.Add(Path(el, "min_age"), "must be 0..120");
  if (e.max_age() < 0 || e.max_age() > 120) v.Add(Path(el, "max_age"), "must be 0..120");
  if (e.min_age() > 0 && e.max_age() > 0 && e.min_age() > e.max_age()) {
    v.Add(Path(el, "max_age"), "must be >= min_age");
  }
  std::set<int> orientations;
  for (int i = 0; i < e.orientation_types_size(); ++i) {
    const int t = e.orientation_types(i);
    if (t == v1::ORIENTATION_TYPE_UNSPECIFIED || !v1::OrientationType_IsValid(t)) {
      v.Add(Item(Path(el, "orientation_types"), i), "unknown orientation type");
    } else if (!orientations.insert(t).second) {
      v.Add(Item(Path(el, "orientation_types"), i), "duplicate");
    }
  }
  if (e.max_months_since_entry() < 0 || e.max_months_since_entry() > 240) {
    v.Add(Path(el, "max_months_since_entry"), "must be 0..240");
  }
  if (e.max_qualification_level() < 0 || e.max_qualification_level() > 8) {
    v.Add(Path(el, "max_qualification_level"), "must be 0..8");
  }

  ValidateTerritories(o.territories(), ref, Path(prefix, "territories"), v);
  if (o.capacity() < 0 || o.capacity() > 100000) {
    v.Add(Path(prefix, "capacity"), "must be 0..100000 (0 = not limited)");
  }
  std::set<std::string> session_ids;
  for (int i = 0; i < o.sessions_size(); ++i) {
    const v1::Session& s = o.sessions(i);
    const std::string sp = Item(Path(prefix, "sessions"), i);
    ValidateId(s.id(), Path(sp, "id"), /*required=*/false, v);
    if (!s.id().empty() && !session_ids.insert(s.id()).second) v.Add(Path(sp, "id"), "duplicate");
    const bool start_ok = IsValidDate(s.start_date());
    const bool end_ok = IsValidDate(s.end_date());
    if (!start_ok) v.Add(Path(sp, "start_date"), "required, a valid date");
    if (!end_ok) v.Add(Path(sp, "end_date"), "required, a valid date");
    if (start_ok && end_ok && ToCivilDay(s.end_date()) < ToCivilDay(s.start_date())) {
      v.Add(Path(sp, "end_date"), "must not be before start_date");
    }
    if (s.places() < 1 || s.places() > 10000) v.Add(Path(sp, "places"), "must be 1..10000");
    CheckText(s.label(), Path(sp, "label"), 0, 150, v);
  }
  if (o.sessions_size() > 500) v.Add(Path(prefix, "sessions"), "at most 500 sessions");
  for (int i = 0; i < o.funding_size(); ++i) {
    const v1::Funding& f = o.funding(i);
    const std::string fp = Item(Path(prefix, "funding"), i);
    if (f.source() == v1::FUNDING_SOURCE_UNSPECIFIED || !v1::FundingSource_IsValid(f.source())) {
      v.Add(Path(fp, "source"), "required");
    }
    if (f.amount_cents() < 0) v.Add(Path(fp, "amount_cents"), "must be >= 0");
  }
  if (o.budget_cents() < 0) v.Add(Path(prefix, "budget_cents"), "must be >= 0");
  if (!o.pdi_fiche().empty() && !IsFiche(o.pdi_fiche())) {
    v.Add(Path(prefix, "pdi_fiche"), "must look like \"3-9\" (axis-number)");
  }
  CheckText(o.frais_precisions(), Path(prefix, "frais_precisions"), 0, 2000, v);
  if (o.volume_horaire_hebdomadaire() < 0 || o.volume_horaire_hebdomadaire() > 80) {
    v.Add(Path(prefix, "volume_horaire_hebdomadaire"), "must be 0..80 hours");
  }
  if (o.nombre_semaines() < 0 || o.nombre_semaines() > 520) {
    v.Add(Path(prefix, "nombre_semaines"), "must be 0..520");
  }
  CheckText(o.conditions_acces(), Path(prefix, "conditions_acces"), 0, 2000, v);
  CheckText(o.publics_precisions(), Path(prefix, "publics_precisions"), 0, 2000, v);
  CheckAddress(o.address(), Path(prefix, "address"), v);
  CheckText(o.contact_name(), Path(prefix, "contact_name"), 0, 150, v);
  CheckEmail(o.email(), Path(prefix, "email"), v);
  CheckPhone(o.phone(), Path(prefix, "phone"), v);
  CheckUrl(o.lien_mobilisation(), Path(prefix, "lien_mobilisation"), v);
  CheckText(o.source(), Path(prefix, "source"), 0, 100, v);
  CheckText(o.external_id(), Path(prefix, "external_id"), 0, 200, v);
}

void ValidateNewPrescription(const v1::Prescription& p, const ReferenceData& ref,
                             const std::string& prefix, errors::FieldViolations& v) {
  ValidateId(p.beneficiary_id(), Path(prefix, "beneficiary_id"), /*required=*/true, v);
  ValidateId(p.offer_id(), Path(prefix, "offer_id"), /*required=*/true, v);
  ValidateId(p.session_id(), Path(prefix, "session_id"), /*required=*/false, v);
  ValidateId(p.contract_id(), Path(prefix, "contract_id"), /*required=*/false, v);
  const std::string tp = Path(prefix, "territory");
  if (p.territory().tad().empty()) {
    v.Add(Path(tp, "tad"), "required");
  } else if (!ref.IsTad(p.territory().tad())) {
    v.Add(Path(tp, "tad"), "unknown TAD");
  }
  if (p.territory().mds().empty()) {
    v.Add(Path(tp, "mds"), "required");
  } else if (!ref.IsMds(p.territory().mds())) {
    v.Add(Path(tp, "mds"), "unknown MDS");
  }
  if (!p.territory().commune_insee().empty() && !ref.IsCommune(p.territory().commune_insee())) {
    v.Add(Path(tp, "commune_insee"), "not a commune of the Département");
  }
  CheckText(p.comment(), Path(prefix, "comment"), 0, 2000, v);
}

void ValidateProfile(const v1::BeneficiaryProfile& p, const ReferenceData& ref,
                     const std::string& prefix, errors::FieldViolations& v) {
  if (p.has_age() && (p.age() < 0 || p.age() > 120)) v.Add(Path(prefix, "age"), "must be 0..120");
  if (!v1::OrientationType_IsValid(p.orientation_type())) {
    v.Add(Path(prefix, "orientation_type"), "unknown value");
  }
  if (p.has_months_since_entry() && (p.months_since_entry() < 0 || p.months_since_entry() > 1200)) {
    v.Add(Path(prefix, "months_since_entry"), "must be 0..1200");
  }
  if (p.has_qualification_level() && (p.qualification_level() < 1 || p.qualification_level() > 8)) {
    v.Add(Path(prefix, "qualification_level"), "must be 1..8");
  }
  if (!p.commune_insee().empty() && !ref.IsCommune(p.commune_insee())) {
    v.Add(Path(prefix, "commune_insee"), "not a commune of the Département");
  }
}

void ValidateSearch(const v1::SearchOffersRequest& r, const ReferenceData& ref,
                    errors::FieldViolations& v) {
  if (Utf8Length(r.query()) > 200) v.Add("query", "at most 200 characters");
  CheckVocabulary(
      r.thematiques(), "thematiques", "data·inclusion thematiques or categories",
      [&](const std::string& x) { return ref.IsThematique(x) || ref.IsThematiqueCategory(x); }, v);
  if (!r.territory().empty() && !ref.IsTad(r.territory()) && !ref.IsMds(r.territory()) &&
      !ref.IsCommune(r.territory())) {
    v.Add("territory", "not a TAD, an MDS or a commune of the Département");
  }
  CheckVocabulary(
      r.publics(), "publics", "data·inclusion publics",
      [&](const std::string& x) { return ref.IsPublic(x); }, v);
  if (!v1::FundingSource_IsValid(r.funding())) v.Add("funding", "unknown value");
  if (!r.pdi_fiche().empty() && !IsFiche(r.pdi_fiche())) {
    v.Add("pdi_fiche", "must look like \"3-9\"");
  }
  ValidateProfile(r.eligible_for(), ref, "eligible_for", v);
}

void ValidateDateRange(const parcours::common::v1::DateRange& r, const std::string& prefix,
                       bool bounds_required, errors::FieldViolations& v) {
  const bool has_from = r.has_from();
  const bool has_to = r.has_to();
  if (has_from && !IsValidDate(r.from())) v.Add(Path(prefix, "from"), "not a valid date");
  if (has_to && !IsValidDate(r.to())) v.Add(Path(prefix, "to"), "not a valid date");
  if (bounds_required && !has_from) v.Add(Path(prefix, "from"), "required");
  if (bounds_required && !has_to) v.Add(Path(prefix, "to"), "required");
  if (has_from && has_to && IsValidDate(r.from()) && IsValidDate(r.to()) &&
      ToCivilDay(r.to()) <= ToCivilDay(r.from())) {
    v.Add(Path(prefix, "to"), "must be after from (the range is [from, to))");
  }
}

const std::vector<std::string>& UpdatableStructurePaths() {
  static const auto* const paths =
      new std::vector<std::string>{"name",  "kind",    "siret",       "address",    "email",
                                   "phone", "website", "description", "territories"};
  return *paths;
}

const std::vector<std::string>& UpdatableOfferPaths() {
  static const auto* const paths = new std::vector<std::string>{"title",
                                                                "summary",
                                                                "description",
                                                                "thematiques",
                                                                "type",
                                                                "publics",
                                                                "eligibility",
                                                                "format",
                                                                "modes_accueil",
                                                                "mobilisable_par",
                                                                "modes_mobilisation",
                                                                "territories",
                                                                "capacity",
                                                                "sessions",
                                                                "funding",
                                                                "budget_cents",
                                                                "pdi_fiche",
                                                                "frais",
                                                                "frais_precisions",
                                                                "volume_horaire_hebdomadaire",
                                                                "nombre_semaines",
                                                                "conditions_acces",
                                                                "publics_precisions",
                                                                "address",
                                                                "contact_name",
                                                                "email",
                                                                "phone",
                                                                "lien_mobilisation"};
  return *paths;
}

void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        const std::vector<std::string>& allowed, errors::FieldViolations& v) {
  if (mask.paths_size() == 0) {
    v.Add("update_mask", "required: list the fields you change");
    return;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (std::find(allowed.begin(), allowed.end(), mask.paths(i)) == allowed.end()) {
      v.Add(Item("update_mask.paths", i),
            absl::StrCat("\"", mask.paths(i), "\" cannot be updated"));
    }
  }
}

}  // namespace parcours::catalogue
