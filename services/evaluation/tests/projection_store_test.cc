// The projections and their queries on SQLite and PostgreSQL (one body, both drivers):
// facts from different feeds in any order give the same milestones, a replayed event
// changes nothing, selectors measure what they say, and the whole scripted scenario
// through the consumers gives the hand-computed headline figures on both databases.
#include <thread>

#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/evaluation/domain/period.h"
#include "services/evaluation/store/projection_writer.h"
#include "services/evaluation/store/report_queries.h"
#include "services/evaluation/store/selectors.h"
#include "services/evaluation/tests/scenario_data.h"
#include "services/evaluation/tests/scenario_support.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

using D = absl::CivilDay;

Fact Make(FactKind kind, const std::string& source, int64_t sequence, const std::string& who,
          D day) {
  Fact f;
  f.kind = kind;
  f.source = source;
  f.sequence = sequence;
  f.aggregate_id = who;
  f.beneficiary_id = who;
  f.tad = "TAD-EST";
  f.mds = "MDS-EST";
  f.day = day;
  return f;
}

class ProjectionStoreTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(Migrate(db()));
  }

  void Apply(const std::vector<Fact>& facts) {
    ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
      for (const Fact& f : facts) RETURN_IF_ERROR(writer_.Apply(tx, f));
      return absl::OkStatus();
    }));
  }

  SampleSet Measure(const std::string& selector, std::map<std::string, std::string> params = {}) {
    SqlSampleSource samples(db());
    auto s =
        samples.Measure({selector, std::move(params)}, Period::Year(2024), TerritoryScope{}, true);
    EXPECT_OK(s.status());
    return s.ok() ? *s : SampleSet{};
  }

  ProjectionWriter writer_;
};

TEST_P(ProjectionStoreTest, FeedsInAnyOrderGiveTheSameMilestones) {
  Fact entered = Make(FactKind::kBeneficiaryEntered, "orientation", 1, "B1", D(2024, 1, 5));
  entered.entry_date = D(2024, 1, 5);
  entered.subject_to_rights_and_duties = true;
  Fact oriented = Make(FactKind::kOriented, "orientation", 2, "B1", D(2024, 1, 20));
  oriented.orientation_type = "SOCIAL";
  Fact contract = Make(FactKind::kContractActivated, "contracts", 1, "B1", D(2024, 2, 1));
  contract.aggregate_id = "K1";
  contract.tad = "TAD-OTHER";  // a feed's territory never overrides orientation's
  // contracts' feed ran ahead of orientation's.
  Apply({contract});
  Apply({entered, oriented});
  Apply({contract, oriented});  // replays: no-ops

  ASSERT_OK_AND_ASSIGN(std::vector<CohortMember> members,
                       LoadCohortMembers(db(), absl::CivilMonth(2024, 1), absl::CivilMonth(2024, 1),
                                         TerritoryScope{}));
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].tad, "TAD-EST");
  EXPECT_EQ(members[0].entry_day, EpochDay(D(2024, 1, 5)));
  EXPECT_EQ(members[0].oriented_day, EpochDay(D(2024, 1, 20)));
  EXPECT_EQ(members[0].contract_day, EpochDay(D(2024, 2, 1)));
  EXPECT_EQ(members[0].orientation_type, "SOCIAL");

  EXPECT_EQ(Measure("contracts_activated").total.measure, 1);
  const SampleSet stock = Measure("rights_and_duties_stock_with_contract");
  EXPECT_EQ(stock.total.population, 1);
  EXPECT_EQ(stock.by_tad.at("TAD-EST").population, 1);
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT events FROM eval_counters WHERE kind = "
                                          "'oriented'"));
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.rows[0].Int(0), 1);  // counted once despite the replay
}

TEST_P(ProjectionStoreTest, SelectorsMeasureCountsPeopleAndValues) {
  std::vector<Fact> facts;
  int64_t seq = 0;
  for (int i = 0; i < 6; ++i) {
    const std::string who = "B" + std::to_string(i);
    Fact e = Make(FactKind::kBeneficiaryEntered, "orientation", ++seq, who, D(2024, 3, 1));
    e.entry_date = D(2024, 3, 1);
    e.tad = i < 4 ? "TAD-EST" : "TAD-NORD";
    facts.push_back(e);
    Fact o = Make(FactKind::kOriented, "orientation", ++seq, who, D(2024, 3, 1) + 10 * i);
    o.tad = e.tad;
    facts.push_back(o);
    for (int c = 0; c < 2; ++c) {  // two convocations each
      Fact cv = Make(FactKind::kConvened, "orientation", ++seq, who, D(2024, 2, 20));
      cv.tad = e.tad;
      facts.push_back(cv);
    }
  }
  Apply(facts);
  const SampleSet delays = Measure("orientation_delay_days");
  EXPECT_EQ(delays.total.population, 6);
  std::vector<double> values = delays.total.values;
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<double>{0, 10, 20, 30, 40, 50}));
  EXPECT_EQ(delays.by_tad.at("TAD-NORD").values.size(), 2u);
  const SampleSet within = Measure("entrants_oriented_within", {{"days", "30"}});
  EXPECT_EQ(within.total.measure, 4);  // 0, 10, 20, 30
  const SampleSet convocations = Measure("convocations");
  EXPECT_EQ(convocations.total.measure, 12);
  EXPECT_EQ(convocations.total.population, 6);
  EXPECT_EQ(convocations.by_tad.at("TAD-EST").measure, 8);
  SqlSampleSource samples(db());
  ASSERT_OK_AND_ASSIGN(SampleSet scoped,
                       samples.Measure({"entrants", {}}, Period::Year(2024),
                                       TerritoryScope{.all = false, .tads = {"TAD-NORD"}}, true));
  EXPECT_EQ(scoped.total.population, 2);
  EXPECT_EQ(scoped.by_tad.size(), 1u);
  EXPECT_FALSE(ValidateSelector({"entrants", {{"fiche", "3-1"}}}).ok());
  EXPECT_FALSE(ValidateSelector({"no_such_thing", {}}).ok());
}

TEST_P(ProjectionStoreTest, TheScenarioThroughTheConsumersOnThisDatabase) {
  ScriptedFeeds feeds;
  ASSERT_OK(feeds.Start());
  PublishScenario(feeds);
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2026, 3, 1, 0, 0, 0), absl::UTCTimeZone()));
  TestEvaluation ev(db(), feeds.Channels(), clock);
  ASSERT_OK(ev.Start());
  ASSERT_TRUE(ev.WaitCaughtUp(feeds));
  grpc::ClientContext ctx;
  ev.Authorize(ctx, "steering");
  v1::GetBilanRequest req;
  req.set_year(2024);
  v1::Bilan bilan;
  ASSERT_TRUE(ev.stub().GetBilan(&ctx, req, &bilan).ok());
  // The same hand-computed values as scenario_test.cc.
  EXPECT_CELL(Indicator(bilan, "2-4", "taux_contractualisation").total(), 10.0 / 15.0, 15);
  EXPECT_CELL(Indicator(bilan, "2-2", "orientes_moins_30_jours").total(), 15.0 / 18.0, 18);
  EXPECT_CELL(Indicator(bilan, "2-2", "delai_median_orientation").total(), 12.5, 16);
  EXPECT_CELL(Indicator(bilan, "2-2", "convocations").total(), 18, 16);
  EXPECT_CELL(Indicator(bilan, "4-3", "taux_recouvrement_indus").total(), 2000.0 / 4800.0, 5);
  EXPECT_HIDDEN(Indicator(bilan, "3-17", "dossiers_frauduleux_detectes").total());
  EXPECT_EQ(Fiche(bilan, "2-2").level(), v1::ATTEINT);
  grpc::ClientContext ctx2;
  ev.Authorize(ctx2, "steering");
  v1::ListOfferEvaluationsResponse offers;
  ASSERT_TRUE(ev.stub().ListOfferEvaluations(&ctx2, {}, &offers).ok());
  EXPECT_CELL(OfferRow(offers, "OFF-A").completion_rate(), 6.0 / 7.0, 7);
  EXPECT_CELL(OfferRow(offers, "OFF-A").cost_per_participant_cents(), 600000.0 / 7.0, 7);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(ProjectionStoreTest);

}  // namespace
}  // namespace parcours::evaluation::testing
