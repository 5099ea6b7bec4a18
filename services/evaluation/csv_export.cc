#include "services/evaluation/csv_export.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace parcours::evaluation {
namespace {

std::string Number(double v) { return absl::StrFormat("%.6g", v); }

// value, population, suppressed
std::vector<std::string> CellColumns(const v1::Cell& c) {
  return {c.has_value() ? Number(c.value()) : "",
          c.has_population() ? absl::StrCat(c.population()) : "",
          c.suppressed() ? "true" : "false"};
}

void Line(std::string& out, const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  quoted.reserve(fields.size());
  for (const std::string& f : fields) quoted.push_back(CsvField(f));
  absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\r\n");
}

std::vector<std::string> CellHeaders(const std::string& name) {
  return {name, name + "_population", name + "_suppressed"};
}

void Append(std::vector<std::string>& row, const std::vector<std::string>& more) {
  row.insert(row.end(), more.begin(), more.end());
}

}  // namespace

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string BilanCsv(const v1::Bilan& bilan) {
  std::string out;
  std::vector<std::string> header = {"year",      "month",  "fiche",       "level",
                                     "indicator", "kind",   "computation", "unit",
                                     "tad",       "target", "comparator",  "target_met"};
  Append(header, CellHeaders("value"));
  Line(out, header);
  for (const v1::FicheResult& f : bilan.fiches()) {
    for (const v1::IndicatorResult& i : f.indicators()) {
      auto row = [&](const std::string& tad, const v1::Cell& cell, bool total) {
        std::vector<std::string> r = {
            absl::StrCat(bilan.year()),
            absl::StrCat(bilan.month()),
            f.fiche(),
            v1::AchievementLevel_Name(f.level()),
            i.id(),
            v1::IndicatorKind_Name(i.kind()),
            v1::Computation_Name(i.computation()),
            i.unit(),
            tad,
            i.has_target() ? Number(i.target()) : "",
            i.comparator(),
            total && i.has_target_met() ? (i.target_met() ? "true" : "false") : ""};
        Append(r, CellColumns(cell));
        Line(out, r);
      };
      row("", i.total(), true);
      for (const v1::TerritoryCell& t : i.by_tad()) row(t.tad(), t.cell(), false);
    }
  }
  return out;
}

std::string CohortsCsv(const v1::ListCohortsResponse& cohorts) {
  std::string out;
  std::vector<std::string> header = {"month", "tad"};
  for (const char* name :
       {"entrants", "convened", "oriented_within_deadline", "oriented_within_deadline_rate",
        "contract_within_legal_delay", "contract_within_legal_delay_rate", "started_offer",
        "started_offer_rate", "exited_to_employment_6_months", "exited_to_employment_12_months",
        "exited_to_employment_24_months"}) {
    Append(header, CellHeaders(name));
  }
  for (const char* name : {"complete_6_months", "complete_12_months", "complete_24_months"}) {
    header.push_back(name);
  }
  Line(out, header);
  for (const v1::Cohort& c : cohorts.cohorts()) {
    std::vector<std::string> r = {c.month(), c.tad()};
    for (const v1::Cell* cell :
         {&c.entrants(), &c.convened(), &c.oriented_within_deadline(),
          &c.oriented_within_deadline_rate(), &c.contract_within_legal_delay(),
          &c.contract_within_legal_delay_rate(), &c.started_offer(), &c.started_offer_rate(),
          &c.exited_to_employment_6_months(), &c.exited_to_employment_12_months(),
          &c.exited_to_employment_24_months()}) {
      Append(r, CellColumns(*cell));
    }
    for (bool complete : {c.complete_6_months(), c.complete_12_months(), c.complete_24_months()}) {
      r.push_back(complete ? "true" : "false");
    }
    Line(out, r);
  }
  return out;
}

std::string OffersCsv(const v1::ListOfferEvaluationsResponse& page, bool with_header) {
  std::string out;
  if (with_header) {
    std::vector<std::string> header = {"offer_id", "structure_id", "pdi_fiche", "places",
                                       "budget_cents"};
    for (const char* name :
         {"prescriptions", "prescriptions_per_place", "accepted", "fill_rate", "started",
          "completed", "completion_rate", "positive_exits", "positive_exit_rate",
          "beneficiary_satisfaction", "professional_satisfaction", "cost_per_participant_cents"}) {
      Append(header, CellHeaders(name));
    }
    Line(out, header);
  }
  for (const v1::OfferEvaluation& o : page.offers()) {
    std::vector<std::string> r = {o.offer_id(), o.structure_id(), o.pdi_fiche(),
                                  absl::StrCat(o.places()), absl::StrCat(o.budget_cents())};
    for (const v1::Cell* cell :
         {&o.prescriptions(), &o.prescriptions_per_place(), &o.accepted(), &o.fill_rate(),
          &o.started(), &o.completed(), &o.completion_rate(), &o.positive_exits(),
          &o.positive_exit_rate(), &o.beneficiary_satisfaction(), &o.professional_satisfaction(),
          &o.cost_per_participant_cents()}) {
      Append(r, CellColumns(*cell));
    }
    Line(out, r);
  }
  return out;
}

std::vector<std::string> Chunks(const std::string& text, size_t size) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size(); at += size) out.push_back(text.substr(at, size));
  return out;
}

}  // namespace parcours::evaluation
