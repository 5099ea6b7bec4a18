#include "services/fraud/domain/scoring.h"

#include <array>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace parcours::fraud {
namespace {

constexpr int kMaxLookback = 40;  // the rule-set parser's bound

std::string DayString(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

absl::CivilDay YearsBefore(absl::CivilDay day, int64_t years) {
  return absl::CivilDay(day.year() - years, day.month(), day.day());
}

// The facts of the window laid out by quarter, built once per household and shared by
// the rules (fixed arrays: nothing allocated).
struct Window {
  int first = 0;  // ordinal of the oldest quarter
  int size = 0;
  std::array<std::array<int64_t, kIncomeCategoryCount>, kMaxLookback> declared{};
  std::array<std::array<int64_t, kIncomeCategoryCount>, kMaxLookback> seen{};
  std::array<bool, kMaxLookback> has_declaration{};

  int Index(const Quarter& q) const {
    int i = q.Ordinal() - first;
    return i >= 0 && i < size ? i : -1;
  }
  Quarter At(int i) const { return Quarter::FromOrdinal(first + i); }
};

void Fire(ScoreResult& result, const RuleConfig& rule, std::string reason,
          std::vector<Evidence> evidence) {
  result.score += rule.weight;
  result.fired.push_back({rule.id, rule.weight, std::move(reason), std::move(evidence)});
}

void IncomeAboveDeclared(const RuleConfig& rule, const Window& w, ScoreResult& result) {
  const int64_t min_gap = rule.Threshold("min_gap_cents");
  const int64_t min_percent = rule.Threshold("min_gap_percent");
  int instances = 0;
  int best_q = -1, best_c = 0;
  int64_t best_gap = 0;
  for (int q = 0; q < w.size; ++q) {
    for (int c = 0; c < kIncomeCategoryCount; ++c) {
      const int64_t declared = w.declared[q][c];
      const int64_t gap = w.seen[q][c] - declared;
      // Both thresholds must hold: an absolute gap (small sums are noise) and a relative
      // one (rounding on large declared amounts is not an omission).
      if (gap <= 0 || gap < min_gap || gap * 100 < min_percent * declared) continue;
      ++instances;
      if (gap > best_gap) best_gap = gap, best_q = q, best_c = c;
    }
  }
  if (instances == 0) return;
  const Quarter q = w.At(best_q);
  const auto category = static_cast<IncomeCategory>(best_c);
  const int64_t declared = w.declared[best_q][best_c];
  const int64_t seen = w.seen[best_q][best_c];
  Fire(result, rule,
       absl::StrCat("Income seen by other administrations (", IncomeCategoryName(category), ", ",
                    q.ToString(), ": ", FormatCents(seen), " EUR) exceeds the amount declared (",
                    FormatCents(declared), " EUR) by ", FormatCents(best_gap), " EUR"),
       {{"quarter", q.ToString()},
        {"category", IncomeCategoryName(category)},
        {"declared_cents", absl::StrCat(declared)},
        {"seen_cents", absl::StrCat(seen)},
        {"gap_cents", absl::StrCat(best_gap)},
        {"quarter_categories_above_threshold", absl::StrCat(instances)}});
}

void DeclarationsMissing(const RuleConfig& rule, const Window& w, const HouseholdFacts& facts,
                         ScoreResult& result) {
  const int64_t min_missing = rule.Threshold("min_missing_quarters");
  // Quarters before the right opened owe no declaration.
  const int opened = Quarter::Containing(facts.rsa_since).Ordinal();
  int missing = 0;
  for (int q = 0; q < w.size; ++q) {
    if (w.first + q >= opened && !w.has_declaration[q]) ++missing;
  }
  if (missing < min_missing) return;
  std::vector<std::string> quarters;
  for (int q = 0; q < w.size; ++q) {
    if (w.first + q >= opened && !w.has_declaration[q]) quarters.push_back(w.At(q).ToString());
  }
  Fire(result, rule,
       absl::StrCat("No resource declaration for ", missing, " of the last ", w.size, " quarters"),
       {{"missing_quarters", absl::StrCat(missing)},
        {"quarters", absl::StrJoin(quarters, ",")},
        {"window", absl::StrCat(w.At(0).ToString(), "..", w.At(w.size - 1).ToString())}});
}

void SharedBankAccount(const RuleConfig& rule, const HouseholdFacts& facts,
                       const ScoringContext& ctx, ScoreResult& result) {
  if (!facts.has_bank_account) return;
  if (ctx.households_sharing_account < rule.Threshold("min_households")) return;
  Fire(result, rule,
       absl::StrCat("The bank account is shared by ", ctx.households_sharing_account,
                    " separate household files"),
       {{"households_sharing_account", absl::StrCat(ctx.households_sharing_account)}});
}

void AbroadOrMailReturned(const RuleConfig& rule, const Window& w, const HouseholdFacts& facts,
                          ScoreResult& result) {
  const bool address_abroad = facts.country != "FR";
  int abroad = 0, mail = 0;
  for (const CrossCheck& c : facts.cross_checks) {
    if (w.Index(c.period) < 0) continue;
    if (c.kind == FactKind::kResidenceAbroad) ++abroad;
    if (c.kind == FactKind::kMailReturned) ++mail;
  }
  const int signals = (address_abroad ? 1 : 0) + abroad + mail;
  if (signals < rule.Threshold("min_signals")) return;
  Fire(result, rule,
       absl::StrCat(signals, " sign(s) that the household may not live at its address in France"),
       {{"address_abroad", address_abroad ? "yes" : "no"},
        {"residence_abroad_reports", absl::StrCat(abroad)},
        {"mail_returned_reports", absl::StrCat(mail)}});
}

void CompositionContradicted(const RuleConfig& rule, const Window& w, const HouseholdFacts& facts,
                             ScoreResult& result) {
  const CrossCheck* worst = nullptr;
  int worst_diff = 0;
  for (const CrossCheck& c : facts.cross_checks) {
    if (c.kind != FactKind::kPersonsInHousehold || w.Index(c.period) < 0) continue;
    int diff = std::abs(c.persons - facts.persons);
    if (diff > worst_diff) worst_diff = diff, worst = &c;
  }
  if (worst == nullptr || worst_diff < rule.Threshold("min_person_difference")) return;
  Fire(result, rule,
       absl::StrCat("The file declares ", facts.persons, " person(s); ",
                    FactSourceName(worst->source), " observed ", worst->persons, " in ",
                    worst->period.ToString()),
       {{"declared_persons", absl::StrCat(facts.persons)},
        {"observed_persons", absl::StrCat(worst->persons)},
        {"source", FactSourceName(worst->source)},
        {"quarter", worst->period.ToString()}});
}

void LongRsaWithoutContract(const RuleConfig& rule, const RuleSet& rules,
                            const HouseholdFacts& facts, const ScoringContext& ctx,
                            ScoreResult& result) {
  std::optional<absl::CivilDay> since = ContractCheckSince(rules, facts, ctx.as_of);
  if (!since.has_value()) return;
  if (!ctx.had_contract_in_window.has_value()) {
    result.notes.push_back(absl::StrCat(
        RuleName(rule.id), " not evaluated: contracts could not be asked",
        ctx.contract_lookup_error.empty() ? "" : " (" + ctx.contract_lookup_error + ")"));
    return;
  }
  if (*ctx.had_contract_in_window) return;
  const int64_t years = rule.Threshold("min_years");
  Fire(result, rule,
       absl::StrCat("In the RSA since ", DayString(facts.rsa_since),
                    ", with no contract in the last ", years, " years"),
       {{"rsa_since", DayString(facts.rsa_since)}, {"no_contract_since", DayString(*since)}});
}

}  // namespace

std::string FiredRule::EvidenceValue(const std::string& name) const {
  for (const Evidence& e : evidence) {
    if (e.name == name) return e.value;
  }
  return "";
}

bool ScoreResult::Fired(RuleId id) const {
  for (const FiredRule& f : fired) {
    if (f.id == id) return true;
  }
  return false;
}

std::string FormatCents(int64_t cents) {
  const char* sign = cents < 0 ? "-" : "";
  const uint64_t abs = cents < 0 ? -static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  return absl::StrFormat("%s%d.%02d", sign, abs / 100, abs % 100);
}

std::vector<Quarter> LookbackWindow(absl::CivilDay as_of, int lookback) {
  const int last = Quarter::Containing(as_of).Ordinal() - 1;
  std::vector<Quarter> out;
  for (int o = last - lookback + 1; o <= last; ++o) out.push_back(Quarter::FromOrdinal(o));
  return out;
}

std::optional<absl::CivilDay> ContractCheckSince(const RuleSet& rules, const HouseholdFacts& facts,
                                                 absl::CivilDay as_of) {
  const RuleConfig& rule = rules.rule(RuleId::kLongRsaWithoutContract);
  if (!rule.enabled) return std::nullopt;
  const absl::CivilDay since = YearsBefore(as_of, rule.Threshold("min_years"));
  if (facts.rsa_since > since) return std::nullopt;
  return since;
}

ScoreResult ScoreHousehold(const RuleSet& rules, const HouseholdFacts& facts,
                           const ScoringContext& ctx) {
  Window w;
  w.size = std::min(rules.lookback_quarters, kMaxLookback);
  w.first = Quarter::Containing(ctx.as_of).Ordinal() - w.size;
  for (const Declaration& d : facts.declarations) {
    int i = w.Index(d.period);
    if (i < 0) continue;
    w.has_declaration[i] = true;
    for (int c = 0; c < kIncomeCategoryCount; ++c) w.declared[i][c] += d.amounts[c];
  }
  for (const CrossCheck& c : facts.cross_checks) {
    if (c.kind != FactKind::kIncome) continue;
    int i = w.Index(c.period);
    if (i >= 0) w.seen[i][static_cast<int>(c.category)] += c.amount_cents;
  }

  ScoreResult result;
  auto on = [&](RuleId id) -> const RuleConfig* {
    const RuleConfig& r = rules.rule(id);
    return r.enabled ? &r : nullptr;
  };
  if (auto* r = on(RuleId::kIncomeAboveDeclared)) IncomeAboveDeclared(*r, w, result);
  if (auto* r = on(RuleId::kDeclarationsMissing)) DeclarationsMissing(*r, w, facts, result);
  if (auto* r = on(RuleId::kSharedBankAccount)) SharedBankAccount(*r, facts, ctx, result);
  if (auto* r = on(RuleId::kAbroadOrMailReturned)) AbroadOrMailReturned(*r, w, facts, result);
  if (auto* r = on(RuleId::kCompositionContradicted)) CompositionContradicted(*r, w, facts, result);
  if (auto* r = on(RuleId::kLongRsaWithoutContract)) {
    LongRsaWithoutContract(*r, rules, facts, ctx, result);
  }
  return result;
}

}  // namespace parcours::fraud
