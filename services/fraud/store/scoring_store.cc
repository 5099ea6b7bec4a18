#include "services/fraud/store/scoring_store.h"

#include <map>
#include <string_view>
#include <unordered_set>

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "nlohmann/json.hpp"
#include "services/fraud/store/sql_util.h"

namespace parcours::fraud {
namespace {

constexpr char kHouseholdColumns[] =
    "SELECT h.id, h.beneficiary_id, h.persons, h.country, h.tad, h.bank_fingerprint, "
    "h.rsa_since, d.mark FROM households h LEFT JOIN dirty_households d ON d.household_id = h.id ";
constexpr char kDeclarationColumns[] =
    "SELECT household_id, year, quarter, salary_cents, unemployment_cents, pension_cents, "
    "self_employment_cents, property_cents, other_cents FROM declarations ";
constexpr char kCrossCheckColumns[] =
    "SELECT household_id, year, quarter, kind, category, amount_cents, persons, source "
    "FROM cross_checks ";
constexpr char kStoredScoreColumns[] =
    "SELECT household_id, score, rule_set_version, explanation FROM scores ";
// Rows per multi-row statement. The counts vary from chunk to chunk (changed scores, cases,
// their rules, dirty marks), hence storage::RowRuns: a few statement texts whatever the
// counts.
constexpr size_t kScoresPerStatement = 256;     // 5 parameters a score
constexpr size_t kCasesPerStatement = 128;      // 11 parameters a case
constexpr size_t kCaseRulesPerStatement = 256;  // 2 parameters a row
constexpr size_t kDirtyPerStatement = 64;       // 2 parameters a mark

const std::string& TextRef(const storage::Row& row, size_t i) {
  static const std::string* empty = new std::string();
  const auto* s = std::get_if<std::string>(&row.value(i));
  return s != nullptr ? *s : *empty;
}

// Households first (they fix the chunk), then declarations and cross-checks are attached
// to their household by id. The lookup by id happens once per household run of rows, not
// per row, and needs no assumption about how the database orders text.
void FillHouseholds(const storage::ResultSet& rs, std::vector<ScoringInput>& out) {
  out.resize(rs.rows.size());
  for (size_t i = 0; i < rs.rows.size(); ++i) {
    const storage::Row& r = rs.rows[i];
    ScoringInput& in = out[i];
    in.household_id = TextRef(r, 0);
    in.beneficiary_id = TextRef(r, 1);
    in.facts.persons = static_cast<int>(r.Int(2));
    in.facts.country = TextRef(r, 3);
    in.tad = TextRef(r, 4);
    in.bank_fingerprint = TextRef(r, 5);
    in.facts.has_bank_account = !in.bank_fingerprint.empty();
    in.facts.rsa_since = ParseDayText(TextRef(r, 6)).value_or(absl::CivilDay());
    in.dirty_mark = r.IsNull(7) ? 0 : r.Int(7);
    in.facts.declarations.clear();
    in.facts.cross_checks.clear();
    in.has_stored_score = false;
  }
}

class Attacher {
 public:
  explicit Attacher(std::vector<ScoringInput>& inputs) : inputs_(inputs) {}
  // The file a row belongs to, or nullptr. Rows come ordered like the files (same ORDER
  // BY, same collation), so the current file and the few after it are tried first (files
  // without rows in between are skipped over: a third of them have no cross-check); a
  // lookup table is built only if that ever fails, so correctness never depends on the
  // ordering.
  ScoringInput* For(const std::string& household_id) {
    constexpr size_t kLookahead = 16;
    const size_t end = std::min(inputs_.size(), next_ + kLookahead);
    for (size_t i = next_; i < end; ++i) {
      if (inputs_[i].household_id == household_id) {
        next_ = i;
        return &inputs_[i];
      }
    }
    if (index_.empty()) {
      for (size_t i = 0; i < inputs_.size(); ++i) index_.emplace(inputs_[i].household_id, i);
    }
    auto it = index_.find(household_id);
    if (it == index_.end()) return nullptr;
    next_ = it->second;
    return &inputs_[next_];
  }
  void Rewind() { next_ = 0; }

 private:
  std::vector<ScoringInput>& inputs_;
  std::unordered_map<std::string_view, size_t> index_;
  size_t next_ = 0;
};

void AttachDeclarations(const storage::ResultSet& rs, Attacher& attach) {
  for (const storage::Row& r : rs.rows) {
    ScoringInput* in = attach.For(TextRef(r, 0));
    if (in == nullptr) continue;
    Declaration& d = in->facts.declarations.emplace_back();
    d.period = {static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))};
    for (int c = 0; c < kIncomeCategoryCount; ++c) d.amounts[c] = r.Int(3 + c);
  }
}

void AttachStoredScores(const storage::ResultSet& rs, Attacher& attach) {
  for (const storage::Row& r : rs.rows) {
    ScoringInput* in = attach.For(TextRef(r, 0));
    if (in == nullptr) continue;
    in->has_stored_score = true;
    in->stored_score = static_cast<int>(r.Int(1));
    in->stored_rule_set_version = TextRef(r, 2);
    in->stored_explanation = TextRef(r, 3);
  }
}

void AttachCrossChecks(const storage::ResultSet& rs, Attacher& attach) {
  for (const storage::Row& r : rs.rows) {
    ScoringInput* in = attach.For(TextRef(r, 0));
    if (in == nullptr) continue;
    CrossCheck& c = in->facts.cross_checks.emplace_back();
    c.period = {static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))};
    c.kind = ParseFactKind(TextRef(r, 3)).value_or(FactKind::kIncome);
    c.category = ParseIncomeCategory(TextRef(r, 4)).value_or(IncomeCategory::kOther);
    c.amount_cents = r.Int(5);
    c.persons = static_cast<int>(r.Int(6));
    c.source = ParseFactSource(TextRef(r, 7)).value_or(FactSource::kCnav);
  }
}

}  // namespace

absl::Status ScoringStore::LoadRange(storage::Transaction& tx, const std::string& after_id,
                                     int limit, std::vector<ScoringInput>& out) {
  ASSIGN_OR_RETURN(storage::ResultSet households,
                   tx.Query(absl::StrCat(kHouseholdColumns, "WHERE h.id > ? ORDER BY h.id LIMIT ?"),
                            {after_id, limit}));
  FillHouseholds(households, out);
  if (out.empty()) return absl::OkStatus();
  const storage::Params range = {out.front().household_id, out.back().household_id};
  ASSIGN_OR_RETURN(storage::ResultSet declarations,
                   tx.Query(absl::StrCat(kDeclarationColumns,
                                         "WHERE household_id >= ? AND household_id <= ? "
                                         "ORDER BY household_id"),
                            range));
  ASSIGN_OR_RETURN(storage::ResultSet cross_checks,
                   tx.Query(absl::StrCat(kCrossCheckColumns,
                                         "WHERE household_id >= ? AND household_id <= ? "
                                         "ORDER BY household_id"),
                            range));
  ASSIGN_OR_RETURN(storage::ResultSet scores,
                   tx.Query(absl::StrCat(kStoredScoreColumns,
                                         "WHERE household_id >= ? AND household_id <= ? "
                                         "ORDER BY household_id"),
                            range));
  Attacher attach(out);
  AttachDeclarations(declarations, attach);
  attach.Rewind();
  AttachCrossChecks(cross_checks, attach);
  attach.Rewind();
  AttachStoredScores(scores, attach);
  return absl::OkStatus();
}

absl::Status ScoringStore::LoadIds(storage::Transaction& tx, const std::vector<std::string>& ids,
                                   std::vector<ScoringInput>& out) {
  out.clear();
  if (ids.empty()) return absl::OkStatus();
  const storage::Params params(ids.begin(), ids.end());
  const std::string in = absl::StrCat("(", storage::Placeholders(ids.size()), ")");
  ASSIGN_OR_RETURN(
      storage::ResultSet households,
      tx.Query(absl::StrCat(kHouseholdColumns, "WHERE h.id IN ", in, " ORDER BY h.id"), params));
  FillHouseholds(households, out);
  ASSIGN_OR_RETURN(storage::ResultSet declarations,
                   tx.Query(absl::StrCat(kDeclarationColumns, "WHERE household_id IN ", in,
                                         " ORDER BY household_id"),
                            params));
  ASSIGN_OR_RETURN(storage::ResultSet cross_checks,
                   tx.Query(absl::StrCat(kCrossCheckColumns, "WHERE household_id IN ", in,
                                         " ORDER BY household_id"),
                            params));
  ASSIGN_OR_RETURN(storage::ResultSet scores,
                   tx.Query(absl::StrCat(kStoredScoreColumns, "WHERE household_id IN ", in,
                                         " ORDER BY household_id"),
                            params));
  Attacher attach(out);
  AttachDeclarations(declarations, attach);
  attach.Rewind();
  AttachCrossChecks(cross_checks, attach);
  attach.Rewind();
  AttachStoredScores(scores, attach);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ScoringStore::DirtyHouseholds(storage::Transaction& tx,
                                                                       int limit) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT household_id FROM dirty_households ORDER BY household_id "
                            "LIMIT ?",
                            {limit}));
  std::vector<std::string> out;
  for (const storage::Row& r : rs.rows) out.push_back(r.Text(0));
  return out;
}

absl::StatusOr<std::unordered_map<std::string, int>> ScoringStore::SharedAccounts(
    storage::Transaction& tx, int min_households) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT bank_fingerprint, COUNT(*) FROM households "
                            "WHERE bank_fingerprint <> '' GROUP BY bank_fingerprint "
                            "HAVING COUNT(*) >= ?",
                            {min_households}));
  std::unordered_map<std::string, int> out;
  for (const storage::Row& r : rs.rows) out[r.Text(0)] = static_cast<int>(r.Int(1));
  return out;
}

absl::StatusOr<std::unordered_map<std::string, int>> ScoringStore::AccountSharing(
    storage::Transaction& tx, const std::vector<std::string>& fingerprints) {
  std::unordered_map<std::string, int> out;
  std::vector<std::string> wanted;
  for (const std::string& f : fingerprints) {
    if (!f.empty()) wanted.push_back(f);
  }
  if (wanted.empty()) return out;
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx.Query(absl::StrCat("SELECT bank_fingerprint, COUNT(*) FROM households "
                            "WHERE bank_fingerprint IN (",
                            storage::Placeholders(wanted.size()), ") GROUP BY bank_fingerprint"),
               storage::Params(wanted.begin(), wanted.end())));
  for (const storage::Row& r : rs.rows) out[r.Text(0)] = static_cast<int>(r.Int(1));
  return out;
}

absl::StatusOr<int64_t> ScoringStore::CountHouseholds(storage::Transaction& tx) {
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query("SELECT COUNT(*) FROM households"));
  return rs.rows[0].Int(0);
}

absl::StatusOr<int64_t> ScoringStore::SaveScores(storage::Transaction& tx,
                                                 const std::vector<ScoredFile>& scored,
                                                 const std::string& rule_set_version,
                                                 absl::Time scored_at) {
  const int64_t at = ToMicros(scored_at);
  // The files whose score changed since they were read, with their explanation.
  std::vector<std::pair<const ScoredFile*, std::string>> changed;
  changed.reserve(scored.size());
  for (const ScoredFile& s : scored) {
    std::string explanation = EncodeExplanation(s.result);
    const ScoringInput& in = *s.input;
    if (in.has_stored_score && in.stored_score == s.result.score &&
        in.stored_rule_set_version == rule_set_version && in.stored_explanation == explanation) {
      continue;
    }
    changed.emplace_back(&s, std::move(explanation));
  }
  int64_t written = 0;
  size_t start = 0;
  for (size_t n : storage::RowRuns(changed.size(), kScoresPerStatement)) {
    storage::Params params;
    params.reserve(n * 5);
    for (size_t i = start; i < start + n; ++i) {
      auto& [s, explanation] = changed[i];
      params.emplace_back(s->input->household_id);
      params.emplace_back(static_cast<int64_t>(s->result.score));
      params.emplace_back(rule_set_version);
      params.emplace_back(at);
      params.emplace_back(std::move(explanation));
    }
    // The WHERE keeps a score that became equal since it was read (a concurrent rescoring)
    // from being rewritten; neither driver counts such a row as changed.
    ASSIGN_OR_RETURN(
        int64_t rows,
        tx.Exec(absl::StrCat("INSERT INTO scores (household_id, score, rule_set_version, "
                             "scored_at_us, explanation) VALUES ",
                             storage::RowPlaceholders(n, 5),
                             " ON CONFLICT (household_id) DO UPDATE SET score = excluded.score, "
                             "rule_set_version = excluded.rule_set_version, "
                             "scored_at_us = excluded.scored_at_us, "
                             "explanation = excluded.explanation "
                             "WHERE scores.score <> excluded.score "
                             "OR scores.rule_set_version <> excluded.rule_set_version "
                             "OR scores.explanation <> excluded.explanation"),
                params));
    written += rows;
    start += n;
  }
  std::map<std::string, int64_t> per_tad;
  for (const ScoredFile& s : scored) ++per_tad[s.input->tad];
  const int64_t year = absl::ToCivilYear(scored_at, absl::UTCTimeZone()).year();
  for (const auto& [tad, n] : per_tad) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO scoring_tally (year, tad, files_scored) VALUES (?, ?, ?) "
                            "ON CONFLICT (year, tad) DO UPDATE SET files_scored = "
                            "scoring_tally.files_scored + excluded.files_scored",
                            {year, tad, n})
                        .status());
  }
  return written;
}

absl::StatusOr<std::vector<const CaseOpening*>> ScoringStore::OpenCases(
    storage::Transaction& tx, const std::vector<CaseOpening>& openings,
    const std::string& rule_set_version, absl::Time now, absl::Time closed_after) {
  std::vector<const CaseOpening*> opened;
  // One opening per household: a second one would only meet the first in the unique index.
  std::vector<const CaseOpening*> candidates;
  {
    std::unordered_set<std::string_view> households;
    for (const CaseOpening& o : openings) {
      if (households.insert(o.input->household_id).second) candidates.push_back(&o);
    }
  }
  // The look-up spares a household with an open or recently closed case; the unique index
  // on open cases (ON CONFLICT DO NOTHING below) is what holds under concurrency. It reads
  // the cases of the households between the first and the last wanted one (in the
  // database's own collation) rather than `IN (...)`: on a cases table that was empty when
  // the statement was prepared, PostgreSQL keeps a generic plan that scans the whole table
  // for an IN list, per chunk (21 s of a million-file batch), but an index range scan for
  // a range. A household in the range that is not wanted is simply never asked about.
  std::unordered_set<std::string> blocked;
  size_t begin = 0;
  for (size_t run : storage::RowRuns(candidates.size(), kCasesPerStatement)) {
    storage::Params params;
    params.reserve(run + 1);
    for (size_t i = begin; i < begin + run; ++i) {
      params.emplace_back(candidates[i]->input->household_id);
    }
    params.emplace_back(ToMicros(closed_after));
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query(
            absl::StrCat("WITH wanted (household_id) AS (VALUES ", storage::RowPlaceholders(run, 1),
                         ") SELECT household_id FROM cases "
                         "WHERE household_id >= (SELECT MIN(household_id) FROM wanted) "
                         "AND household_id <= (SELECT MAX(household_id) FROM wanted) "
                         "AND (status <> 'CLOSED' OR closed_at_us > ?)"),
            params));
    for (const storage::Row& r : rs.rows) blocked.insert(r.Text(0));
    begin += run;
  }
  std::vector<const CaseOpening*> wanted;
  for (const CaseOpening* o : candidates) {
    if (!blocked.contains(o->input->household_id)) wanted.push_back(o);
  }

  const int64_t year = absl::ToCivilYear(now, absl::UTCTimeZone()).year();
  std::unordered_set<std::string> inserted;
  begin = 0;
  for (size_t run : storage::RowRuns(wanted.size(), kCasesPerStatement)) {
    storage::Params params;
    params.reserve(run * 11);
    for (size_t i = begin; i < begin + run; ++i) {
      const CaseOpening& o = *wanted[i];
      std::string rule_ids;
      for (const FiredRule& f : o.result->fired) {
        absl::StrAppend(&rule_ids, rule_ids.empty() ? "" : ",", RuleName(f.id));
      }
      params.insert(params.end(),
                    {o.case_id, o.input->household_id, o.input->beneficiary_id, o.input->tad,
                     "DETECTED", year, static_cast<int64_t>(o.result->score), rule_set_version,
                     std::move(rule_ids), ToMicros(now), ToMicros(now)});
    }
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query(
            absl::StrCat("INSERT INTO cases (id, household_id, beneficiary_id, tad, status, "
                         "year_opened, score_at_opening, rule_set_version, fired_rule_ids, "
                         "opened_at_us, updated_at_us) VALUES ",
                         storage::RowPlaceholders(run, 11), " ON CONFLICT DO NOTHING RETURNING id"),
            params));
    for (const storage::Row& r : rs.rows) inserted.insert(r.Text(0));
    begin += run;
  }
  for (const CaseOpening* o : wanted) {
    if (inserted.contains(o->case_id)) opened.push_back(o);
  }

  std::vector<std::pair<const std::string*, RuleId>> rules;
  for (const CaseOpening* o : opened) {
    for (const FiredRule& f : o->result->fired) rules.emplace_back(&o->case_id, f.id);
  }
  begin = 0;
  for (size_t run : storage::RowRuns(rules.size(), kCaseRulesPerStatement)) {
    storage::Params params;
    params.reserve(run * 2);
    for (size_t i = begin; i < begin + run; ++i) {
      params.emplace_back(*rules[i].first);
      params.emplace_back(RuleName(rules[i].second));
    }
    RETURN_IF_ERROR(
        tx.Exec(absl::StrCat("INSERT INTO case_rules (case_id, rule_id) VALUES ",
                             storage::RowPlaceholders(run, 2), " ON CONFLICT DO NOTHING"),
                params)
            .status());
    begin += run;
  }
  return opened;
}

absl::Status ScoringStore::ClearDirty(storage::Transaction& tx,
                                      const std::vector<ScoredFile>& scored) {
  std::vector<const ScoringInput*> marked;
  for (const ScoredFile& s : scored) {
    if (s.input->dirty_mark != 0) marked.push_back(s.input);
  }
  size_t begin = 0;
  for (size_t run : storage::RowRuns(marked.size(), kDirtyPerStatement)) {
    std::string sql = "DELETE FROM dirty_households WHERE ";
    storage::Params params;
    params.reserve(run * 2);
    for (size_t i = begin; i < begin + run; ++i) {
      absl::StrAppend(&sql, i == begin ? "" : " OR ", "(household_id = ? AND mark = ?)");
      params.emplace_back(marked[i]->household_id);
      params.emplace_back(marked[i]->dirty_mark);
    }
    RETURN_IF_ERROR(tx.Exec(sql, params).status());
    begin += run;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ScoringStore::StoredScore>> ScoringStore::GetScore(
    storage::Transaction& tx, const std::string& household_id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT household_id, score, rule_set_version, scored_at_us, "
                            "explanation FROM scores WHERE household_id = ?",
                            {household_id}));
  if (rs.rows.empty()) return std::nullopt;
  const storage::Row& r = rs.rows[0];
  return StoredScore{r.Text(0), static_cast<int>(r.Int(1)), r.Text(2), FromMicros(r.Int(3)),
                     DecodeExplanation(static_cast<int>(r.Int(1)), r.Text(4))};
}

absl::StatusOr<std::vector<ScoringStore::StoredScore>> ScoringStore::ListScores(
    storage::Transaction& tx, int min_score, std::optional<std::pair<int, std::string>> after,
    int limit, const std::vector<std::string>& territories) {
  std::string sql =
      "SELECT s.household_id, s.score, s.rule_set_version, s.scored_at_us, s.explanation "
      "FROM scores s JOIN households h ON h.id = s.household_id WHERE s.score > 0 AND s.score >= ?";
  storage::Params params = {min_score};
  if (after.has_value()) {
    sql += " AND (s.score < ? OR (s.score = ? AND s.household_id > ?))";
    params.insert(params.end(), {after->first, after->first, after->second});
  }
  if (!territories.empty()) {
    absl::StrAppend(&sql, " AND h.tad IN (", storage::Placeholders(territories.size()), ")");
    params.insert(params.end(), territories.begin(), territories.end());
  }
  sql += " ORDER BY s.score DESC, s.household_id LIMIT ?";
  params.emplace_back(limit);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(sql, params));
  std::vector<StoredScore> out;
  for (const storage::Row& r : rs.rows) {
    out.push_back({r.Text(0), static_cast<int>(r.Int(1)), r.Text(2), FromMicros(r.Int(3)),
                   DecodeExplanation(static_cast<int>(r.Int(1)), r.Text(4))});
  }
  return out;
}

namespace {

// JSON string literal of `s` (quotes, backslashes and control characters escaped). Runs
// of characters that need no escape, nearly all of them, are appended at once.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t pending = 0;  // start of the characters not appended yet
  for (size_t i = 0; i < s.size(); ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
    out.append(s.data() + pending, i - pending);
    pending = i + 1;
    switch (ch) {
      case '"':
        out.append("\\\"", 2);
        break;
      case '\\':
        out.append("\\\\", 2);
        break;
      case '\n':
        out.append("\\n", 2);
        break;
      default: {
        const char escaped[6] = {'\\', 'u', '0', '0', kHex[ch >> 4], kHex[ch & 0xf]};
        out.append(escaped, sizeof(escaped));
      }
    }
  }
  out.append(s.data() + pending, s.size() - pending);
  out.push_back('"');
}

}  // namespace

// Written by hand rather than through nlohmann::json: it runs for every file that fired a
// rule in a batch of a million, and building a DOM first cost a tenth of the batch's CPU.
// DecodeExplanation (rare: one file, one page) reads it back with the full parser.
std::string EncodeExplanation(const ScoreResult& result) {
  if (result.fired.empty() && result.notes.empty()) return "";  // most files: nothing to say
  size_t size = 32;  // one allocation: the text, plus room for a few escapes
  for (const FiredRule& f : result.fired) {
    size += 80 + f.reason.size();
    for (const Evidence& e : f.evidence) size += 8 + e.name.size() + e.value.size();
  }
  for (const std::string& n : result.notes) size += 4 + n.size();
  std::string out;
  out.reserve(size);
  out += "{\"fired\":[";
  for (size_t i = 0; i < result.fired.size(); ++i) {
    const FiredRule& f = result.fired[i];
    absl::StrAppend(&out, i == 0 ? "" : ",", "{\"rule\":\"", RuleName(f.id),
                    "\",\"weight\":", f.weight, ",\"reason\":");
    AppendJsonString(out, f.reason);
    out += ",\"evidence\":[";
    for (size_t j = 0; j < f.evidence.size(); ++j) {
      out += j == 0 ? "[" : ",[";
      AppendJsonString(out, f.evidence[j].name);
      out.push_back(',');
      AppendJsonString(out, f.evidence[j].value);
      out.push_back(']');
    }
    out += "]}";
  }
  out += "],\"notes\":[";
  for (size_t i = 0; i < result.notes.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(out, result.notes[i]);
  }
  out += "]}";
  return out;
}

ScoreResult DecodeExplanation(int score, const std::string& text) {
  ScoreResult result;
  result.score = score;
  if (text.empty()) return result;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return result;
  for (const nlohmann::json& f : doc.value("fired", nlohmann::json::array())) {
    FiredRule rule;
    const std::string name = f.value("rule", "");
    for (int i = 0; i < kRuleCount; ++i) {
      if (name == RuleName(static_cast<RuleId>(i))) rule.id = static_cast<RuleId>(i);
    }
    rule.weight = f.value("weight", 0);
    rule.reason = f.value("reason", "");
    for (const nlohmann::json& e : f.value("evidence", nlohmann::json::array())) {
      if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
        rule.evidence.push_back({e[0].get<std::string>(), e[1].get<std::string>()});
      }
    }
    result.fired.push_back(std::move(rule));
  }
  for (const nlohmann::json& n : doc.value("notes", nlohmann::json::array())) {
    if (n.is_string()) result.notes.push_back(n.get<std::string>());
  }
  return result;
}

}  // namespace parcours::fraud
