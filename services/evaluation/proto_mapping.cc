#include "services/evaluation/proto_mapping.h"

#include "google/protobuf/util/time_util.h"
#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

google::protobuf::Timestamp Ts(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

v1::AchievementLevel LevelOf(Level level) {
  switch (level) {
    case Level::kNonAtteint:
      return v1::NON_ATTEINT;
    case Level::kPartiellementAtteint:
      return v1::PARTIELLEMENT_ATTEINT;
    case Level::kAtteint:
      return v1::ATTEINT;
    case Level::kUnspecified:
      break;
  }
  return v1::ACHIEVEMENT_LEVEL_UNSPECIFIED;
}

v1::Computation ComputationOf(Computation c) {
  switch (c) {
    case Computation::kCount:
      return v1::COUNT;
    case Computation::kRate:
      return v1::RATE;
    case Computation::kMedianDelay:
      return v1::MEDIAN_DELAY;
    case Computation::kSum:
      return v1::SUM;
    case Computation::kMean:
      return v1::MEAN;
  }
  return v1::COMPUTATION_UNSPECIFIED;
}

void AddHistory(const std::vector<HistoryPoint>& points,
                google::protobuf::RepeatedPtrField<v1::HistoryPoint>* out) {
  for (const HistoryPoint& p : points) {
    v1::HistoryPoint* h = out->Add();
    h->set_series(p.series);
    h->set_period(p.period);
    h->set_value(p.value);
  }
}

}  // namespace

v1::Cell ToProto(const Cell& cell) {
  v1::Cell out;
  out.set_suppressed(cell.suppressed());
  if (cell.value().has_value()) out.set_value(*cell.value());
  if (cell.population().has_value()) out.set_population(*cell.population());
  return out;
}

v1::Bilan ToProto(const BilanTable& table, absl::Time computed_at) {
  v1::Bilan out;
  out.set_year(static_cast<int32_t>(table.period.from.year()));
  out.set_month(table.period.whole_year ? 0 : table.period.from.month());
  out.set_secrecy_k(table.secrecy_k);
  *out.mutable_computed_at() = Ts(computed_at);
  for (const FicheResult& f : table.fiches) {
    v1::FicheResult* fiche = out.add_fiches();
    fiche->set_fiche(f.definition->id);
    fiche->set_title(f.definition->title);
    fiche->set_stage(f.definition->stage);
    fiche->set_axis(f.definition->axis);
    fiche->set_level(LevelOf(f.achievement.level));
    fiche->set_level_reason(f.achievement.reason);
    fiche->set_level_2020(LevelOf(f.definition->level_2020));
    AddHistory(f.definition->history, fiche->mutable_history());
    for (const IndicatorResult& r : f.indicators) {
      const IndicatorDefinition& d = *r.definition;
      v1::IndicatorResult* i = fiche->add_indicators();
      i->set_id(d.id);
      i->set_label(d.label);
      i->set_kind(d.kind == IndicatorKind::kRealisation ? v1::REALISATION : v1::RESULTAT);
      i->set_computation(ComputationOf(d.computation));
      i->set_unit(d.unit);
      if (d.target.has_value()) {
        i->set_target(*d.target);
        i->set_comparator(d.comparator);
      }
      *i->mutable_total() = ToProto(r.total);
      for (const TerritoryCell& t : r.by_tad) {
        v1::TerritoryCell* tc = i->add_by_tad();
        tc->set_tad(t.tad);
        *tc->mutable_cell() = ToProto(t.cell);
      }
      if (r.target_met.has_value()) i->set_target_met(*r.target_met);
      AddHistory(r.history, i->mutable_history());
    }
  }
  return out;
}

v1::Cohort ToProto(const CohortFigures& f, const Secrecy& secrecy) {
  auto cell = [&secrecy](const Figure& figure) { return ToProto(secrecy.Publish(figure)); };
  v1::Cohort out;
  out.set_month(MonthLabel(f.month));
  out.set_tad(f.tad);
  *out.mutable_entrants() = cell(f.entrants);
  *out.mutable_convened() = cell(f.convened);
  *out.mutable_oriented_within_deadline() = cell(f.oriented_within_deadline);
  *out.mutable_oriented_within_deadline_rate() = cell(f.oriented_within_deadline_rate);
  *out.mutable_contract_within_legal_delay() = cell(f.contract_within_legal_delay);
  *out.mutable_contract_within_legal_delay_rate() = cell(f.contract_within_legal_delay_rate);
  *out.mutable_started_offer() = cell(f.started_offer);
  *out.mutable_started_offer_rate() = cell(f.started_offer_rate);
  *out.mutable_exited_to_employment_6_months() = cell(f.exited_to_employment_6_months);
  *out.mutable_exited_to_employment_12_months() = cell(f.exited_to_employment_12_months);
  *out.mutable_exited_to_employment_24_months() = cell(f.exited_to_employment_24_months);
  out.set_complete_6_months(f.complete_6_months);
  out.set_complete_12_months(f.complete_12_months);
  out.set_complete_24_months(f.complete_24_months);
  return out;
}

v1::OfferEvaluation ToProto(const OfferFigures& f, const Secrecy& secrecy) {
  auto cell = [&secrecy](const Figure& figure) { return ToProto(secrecy.Publish(figure)); };
  v1::OfferEvaluation out;
  out.set_offer_id(f.stats->offer_id);
  out.set_structure_id(f.stats->structure_id);
  out.set_pdi_fiche(f.stats->pdi_fiche);
  out.set_places(static_cast<int32_t>(f.stats->places));
  out.set_budget_cents(f.stats->budget_cents);
  *out.mutable_prescriptions() = cell(f.prescriptions);
  *out.mutable_prescriptions_per_place() = cell(f.prescriptions_per_place);
  *out.mutable_accepted() = cell(f.accepted);
  *out.mutable_fill_rate() = cell(f.fill_rate);
  *out.mutable_started() = cell(f.started);
  *out.mutable_completed() = cell(f.completed);
  *out.mutable_completion_rate() = cell(f.completion_rate);
  *out.mutable_positive_exits() = cell(f.positive_exits);
  *out.mutable_positive_exit_rate() = cell(f.positive_exit_rate);
  *out.mutable_beneficiary_satisfaction() = cell(f.beneficiary_satisfaction);
  *out.mutable_professional_satisfaction() = cell(f.professional_satisfaction);
  *out.mutable_cost_per_participant_cents() = cell(f.cost_per_participant_cents);
  return out;
}

v1::Survey ToProto(const Survey& s) {
  v1::Survey out;
  out.set_id(s.id);
  out.set_offer_id(s.draft.offer_id);
  out.set_audience(s.draft.audience == Audience::kBeneficiaries ? v1::BENEFICIARIES
                                                                : v1::PROFESSIONALS);
  out.set_title(s.draft.title);
  for (const std::string& q : s.draft.questions) out.add_questions(q);
  out.set_invited_professionals(static_cast<int32_t>(s.draft.invited_professionals));
  *out.mutable_create_time() = Ts(s.created_at);
  return out;
}

v1::SurveyResults ToProto(const Survey& survey, const SurveyFigures& f, const Secrecy& secrecy) {
  v1::SurveyResults out;
  *out.mutable_survey() = ToProto(survey);
  *out.mutable_responses() = ToProto(secrecy.Publish(f.responses));
  *out.mutable_invited() = ToProto(secrecy.Publish(f.invited));
  *out.mutable_response_rate() = ToProto(secrecy.Publish(f.response_rate));
  *out.mutable_mean_score() = ToProto(secrecy.Publish(f.mean_score));
  for (const Figure& q : f.question_means) {
    *out.add_question_mean_scores() = ToProto(secrecy.Publish(q));
  }
  out.set_secrecy_k(secrecy.k());
  return out;
}

}  // namespace parcours::evaluation
