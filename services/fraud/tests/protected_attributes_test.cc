// Scoring never depends on who the person is. The inputs cannot carry nationality, sex,
// age, birth date or place, disability or health (no such field exists, checked on the
// descriptors); and a property test over many random households proves that changing
// every other personal attribute — CAF number, beneficiary and member ids, street, postal
// code, commune, territory, monthly amount, the bank fingerprint's value — leaves every
// score and every explanation unchanged, through the real import → store → scoring path.
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/audit/audit_log.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/test_database.h"
#include "parcours/fraud/v1/fraud.pb.h"
#include "prometheus/registry.h"
#include "services/fraud/build.h"
#include "services/fraud/ingest/importer.h"
#include "services/fraud/scoring/file_scorer.h"

namespace parcours::fraud {
namespace {

TEST(ProtectedAttributesTest, NoInputMessageHasAFieldForAProtectedAttribute) {
  const std::vector<std::string> forbidden = {
      "nationality", "citizenship", "sex",   "gender", "age",      "birth", "disab",
      "handicap",    "health",      "sante", "origin", "religion", "ethnic"};
  for (const google::protobuf::Descriptor* d :
       {v1::HouseholdRecord::descriptor(), v1::Address::descriptor(),
        v1::DeclarationRecord::descriptor(), v1::IncomeAmount::descriptor(),
        v1::CrossCheckRecord::descriptor(), v1::SocialWorkerReport::descriptor()}) {
    for (int i = 0; i < d->field_count(); ++i) {
      const std::string name = absl::AsciiStrToLower(d->field(i)->name());
      for (const std::string& word : forbidden) {
        EXPECT_EQ(name.find(word), std::string::npos) << d->name() << "." << name;
      }
    }
  }
}

// One random household and its records; `variant` changes every personal attribute while
// keeping the facts.
struct RandomFile {
  v1::HouseholdRecord household;
  std::vector<v1::DeclarationRecord> declarations;
  std::vector<v1::CrossCheckRecord> cross_checks;
};

RandomFile Make(std::mt19937& rng, int index, int shared_group) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  RandomFile f;
  v1::HouseholdRecord& h = f.household;
  h.set_caf_number(absl::StrCat(1000000 + index));
  h.set_beneficiary_id(absl::StrCat("ben_", index));
  const int members = 1 + pick(5);
  for (int m = 0; m < members; ++m) h.add_member_ids(absl::StrCat("m", index, "_", m));
  h.mutable_address()->set_street(absl::StrCat(index, " rue A"));
  h.mutable_address()->set_postal_code("91000");
  h.mutable_address()->set_commune_insee("91228");
  h.mutable_address()->set_country(pick(20) == 0 ? "BE" : "FR");
  if (pick(3) != 0) {
    h.set_bank_account_fingerprint(pick(4) == 0 ? absl::StrCat("shared_", shared_group)
                                                : absl::StrCat("fp_", index));
  }
  h.set_monthly_rsa_cents(40000 + pick(60000));
  h.mutable_rsa_since()->set_year(2008 + pick(17));
  h.mutable_rsa_since()->set_month(1 + pick(12));
  h.mutable_rsa_since()->set_day(1 + pick(28));
  h.mutable_territory()->set_tad(pick(2) == 0 ? "TAD-EST" : "TAD-CENTRE");
  for (int q = 1; q <= 4; ++q) {
    if (pick(5) == 0) continue;
    v1::DeclarationRecord d;
    d.set_caf_number(h.caf_number());
    d.mutable_period()->set_year(2024);
    d.mutable_period()->set_quarter(q);
    v1::IncomeAmount* a = d.add_amounts();
    a->set_category(v1::INCOME_CATEGORY_SALARY);
    a->set_amount_cents(pick(3) == 0 ? pick(200000) : 0);
    d.mutable_declared_on()->set_year(2024);
    d.mutable_declared_on()->set_month(q * 3);
    d.mutable_declared_on()->set_day(20);
    f.declarations.push_back(d);
  }
  const int checks = pick(4);
  for (int c = 0; c < checks; ++c) {
    v1::CrossCheckRecord r;
    r.set_caf_number(h.caf_number());
    r.set_source(static_cast<v1::CrossCheckSource>(1 + pick(6)));
    r.set_reference(absl::StrCat("ref_", index, "_", c));
    r.mutable_period()->set_year(2024);
    r.mutable_period()->set_quarter(1 + pick(4));
    const int kind = pick(6);
    if (kind < 3) {
      r.set_kind(v1::FACT_KIND_INCOME);
      r.set_category(static_cast<v1::IncomeCategory>(1 + pick(6)));
      r.set_amount_cents(pick(150000));
    } else if (kind == 3) {
      r.set_kind(v1::FACT_KIND_PERSONS_IN_HOUSEHOLD);
      r.set_persons(1 + pick(6));
    } else {
      r.set_kind(kind == 4 ? v1::FACT_KIND_MAIL_RETURNED : v1::FACT_KIND_RESIDENCE_ABROAD);
    }
    f.cross_checks.push_back(r);
  }
  return f;
}

// Every personal attribute replaced; the facts (and the sharing structure) kept.
RandomFile Variant(const RandomFile& f, int index) {
  RandomFile v = f;
  const std::string caf = absl::StrCat(9000000 + index);
  v1::HouseholdRecord& h = v.household;
  h.set_caf_number(caf);
  h.set_beneficiary_id(absl::StrCat("other_", index));
  for (int m = 0; m < h.member_ids_size(); ++m)
    h.set_member_ids(m, absl::StrCat("x", index, "_", m));
  h.mutable_address()->set_street("99 avenue Z");
  h.mutable_address()->set_postal_code("91300");
  h.mutable_address()->set_commune_insee("91377");
  h.mutable_territory()->set_tad("TAD-SUD-OUEST");
  h.mutable_territory()->set_mds("MDS-ETAMPES");
  h.set_monthly_rsa_cents(h.monthly_rsa_cents() + 12345);
  if (!h.bank_account_fingerprint().empty()) {
    h.set_bank_account_fingerprint("renamed_" + h.bank_account_fingerprint());
  }
  for (auto& d : v.declarations) d.set_caf_number(caf);
  for (auto& c : v.cross_checks) {
    c.set_caf_number(caf);
    c.set_reference("v" + c.reference());
  }
  return v;
}

// Imports the files into a fresh database, scores them all, and returns, in input order,
// the score and explanation of each (rule ids, weights, evidence).
std::vector<std::string> ScoreAll(const std::vector<RandomFile>& files) {
  auto test_db = testutil::TestDatabase::Create("sqlite");
  EXPECT_OK(test_db);
  storage::Database& db = (*test_db)->db();
  EXPECT_OK(storage::ApplyMigrations(db, runtime::AllMigrations(Migrations())));
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2025, 1, 15, 10, 0, 0), absl::UTCTimeZone()));
  audit::AuditLog audit(db, clock);
  auth::CallAuthorization call;
  call.principal.subject = "test";
  {
    Importer importer(db, audit, call, clock);
    for (const auto& f : files) EXPECT_OK(importer.AddHousehold(f.household));
    EXPECT_OK(importer.Finish());
  }
  {
    Importer importer(db, audit, call, clock);
    for (const auto& f : files) {
      for (const auto& d : f.declarations) EXPECT_OK(importer.AddDeclaration(d));
    }
    EXPECT_OK(importer.Finish());
  }
  {
    Importer importer(db, audit, call, clock);
    for (const auto& f : files) {
      for (const auto& c : f.cross_checks) EXPECT_OK(importer.AddCrossCheck(c));
    }
    EXPECT_OK(importer.Finish());
    EXPECT_EQ(importer.tally().rejected, 0);
  }
  events::FeedNotifier notifier;
  events::Outbox outbox("fraud", notifier, clock);
  FakeContractsDirectory contracts;  // nobody had a contract: the long-RSA rule can fire
  prometheus::Registry registry;
  FraudMetrics metrics(registry);
  FileScorer scorer(db, outbox, contracts, clock,
                    std::make_shared<const RuleSet>(*DefaultRuleSet()), metrics, {});
  std::vector<std::string> out;
  auto tx = db.Begin(storage::TxMode::kRead);
  for (const auto& f : files) {
    auto id = FileStore().ResolveCafNumbers(**tx, {f.household.caf_number()});
    auto result = scorer.ScoreOne((*id)[f.household.caf_number()]);
    EXPECT_OK(result);
    std::string s = absl::StrCat(result->score);
    for (const FiredRule& r : result->fired) {
      absl::StrAppend(&s, " ", RuleName(r.id), ":", r.weight, "[", r.reason, "]");
      for (const Evidence& e : r.evidence) absl::StrAppend(&s, " ", e.name, "=", e.value);
    }
    out.push_back(s);
  }
  return out;
}

TEST(ProtectedAttributesTest, ScoresIgnoreEveryPersonalAttributeOverManyRandomHouseholds) {
  std::mt19937 rng(20250115);
  std::vector<RandomFile> files, variants;
  for (int i = 0; i < 300; ++i) {
    files.push_back(Make(rng, i, i % 7));
    variants.push_back(Variant(files.back(), i));
  }
  const std::vector<std::string> original = ScoreAll(files);
  const std::vector<std::string> changed = ScoreAll(variants);
  ASSERT_EQ(original.size(), changed.size());
  int fired = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(original[i], changed[i]) << "household " << i;
    if (original[i] != "0") ++fired;
  }
  // The property is only worth something if the rules fired on a good share of files.
  EXPECT_GT(fired, 100);
}

}  // namespace
}  // namespace parcours::fraud
