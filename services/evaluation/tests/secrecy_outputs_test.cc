// Statistical secrecy in every output: no cell built on 1..k-1 beneficiaries in any gRPC
// response (checked on every Cell found by reflection), in the CSV exports of the three
// tables, or on /metrics; hidden cells say so; k is configuration.
#include <map>
#include <set>

#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/reflection.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/evaluation/tests/scenario_data.h"
#include "services/evaluation/tests/scenario_support.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

const absl::Time kLater =
    absl::FromCivil(absl::CivilSecond(2026, 3, 1, 12, 0, 0), absl::UTCTimeZone());

// Calls fn on every parcours.evaluation.v1.Cell inside `m`.
void ForEachCell(const google::protobuf::Message& m,
                 const std::function<void(const v1::Cell&)>& fn) {
  if (m.GetDescriptor() == v1::Cell::descriptor()) {
    fn(static_cast<const v1::Cell&>(m));
    return;
  }
  const google::protobuf::Reflection* r = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const google::protobuf::FieldDescriptor* f : fields) {
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < r->FieldSize(m, f); ++i) ForEachCell(r->GetRepeatedMessage(m, f, i), fn);
    } else {
      ForEachCell(r->GetMessage(m, f), fn);
    }
  }
}

// Every cell of `m` respects k; returns how many cells were hidden.
int CheckCells(const google::protobuf::Message& m, int k) {
  int hidden = 0;
  int cells = 0;
  ForEachCell(m, [&](const v1::Cell& c) {
    ++cells;
    if (c.suppressed()) {
      ++hidden;
      EXPECT_FALSE(c.has_value());
      EXPECT_FALSE(c.has_population());
    } else {
      EXPECT_FALSE(c.population() > 0 && c.population() < k) << c.DebugString();
    }
  });
  EXPECT_GT(cells, 0);
  return hidden;
}

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int Column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

// Our CSV has no quoted commas in these tables (ids, numbers, enum names).
Csv ParseCsv(const std::string& text) {
  Csv csv;
  for (absl::string_view line : absl::StrSplit(text, "\r\n", absl::SkipEmpty())) {
    std::vector<std::string> fields = absl::StrSplit(line, ',');
    if (csv.header.empty()) {
      csv.header = fields;
    } else {
      EXPECT_EQ(fields.size(), csv.header.size()) << line;
      csv.rows.push_back(fields);
    }
  }
  return csv;
}

// Every "<cell>_suppressed" column: a hidden cell has no value and no population; a
// shown one a population of 0 or at least k.
int CheckCsvCells(const Csv& csv, int k) {
  int hidden = 0;
  for (size_t c = 0; c < csv.header.size(); ++c) {
    const std::string& name = csv.header[c];
    if (name.size() < 11 || name.substr(name.size() - 11) != "_suppressed") continue;
    const std::string cell = name.substr(0, name.size() - 11);
    const int value = csv.Column(cell);
    const int population = csv.Column(cell + "_population");
    for (const auto& row : csv.rows) {
      if (row[c] == "true") {
        ++hidden;
        EXPECT_EQ(row[static_cast<size_t>(value)], "") << cell;
        EXPECT_EQ(row[static_cast<size_t>(population)], "") << cell;
      } else {
        EXPECT_EQ(row[c], "false");
        const std::string& p = row[static_cast<size_t>(population)];
        if (!p.empty()) {
          EXPECT_FALSE(std::stoi(p) > 0 && std::stoi(p) < k) << cell << " " << p;
        }
      }
    }
  }
  return hidden;
}

class SecrecyOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(feeds_.Start());
    PublishScenario(feeds_);
  }

  std::unique_ptr<TestEvaluation> Evaluation(int k) {
    auto db = parcours::testutil::TestDatabase::Create("sqlite");
    EXPECT_OK(db.status());
    dbs_.push_back(*std::move(db));
    auto ev = std::make_unique<TestEvaluation>(dbs_.back()->db(), feeds_.Channels(), clock_, k);
    EXPECT_OK(ev->Start());
    EXPECT_TRUE(ev->WaitCaughtUp(feeds_));
    return ev;
  }

  std::string Export(TestEvaluation& ev, v1::ExportTable table) {
    grpc::ClientContext ctx;
    ev.Authorize(ctx, "steering");
    v1::ExportCsvRequest req;
    req.set_table(table);
    req.mutable_bilan()->set_year(2024);
    req.mutable_cohorts()->set_from_month("2024-01");
    req.mutable_cohorts()->set_to_month("2024-03");
    req.mutable_offers()->set_year(2024);
    auto reader = ev.stub().ExportCsv(&ctx, req);
    std::string out;
    v1::CsvChunk chunk;
    while (reader->Read(&chunk)) out += chunk.data();
    grpc::Status s = reader->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  FakeClock clock_{kLater};
  ScriptedFeeds feeds_;
  std::vector<std::unique_ptr<parcours::testutil::TestDatabase>> dbs_;
};

TEST_F(SecrecyOutputsTest, NoSmallCellInAnyGrpcResponse) {
  auto ev = Evaluation(5);
  grpc::ClientContext c1, c2, c3;
  ev->Authorize(c1, "steering");
  ev->Authorize(c2, "steering");
  ev->Authorize(c3, "referent-est");
  v1::GetBilanRequest bilan_req;
  bilan_req.set_year(2024);
  v1::Bilan bilan;
  ASSERT_TRUE(ev->stub().GetBilan(&c1, bilan_req, &bilan).ok());
  EXPECT_GE(CheckCells(bilan, 5), 20);
  v1::ListCohortsRequest cohort_req;
  cohort_req.set_from_month("2024-01");
  cohort_req.set_to_month("2024-03");
  v1::ListCohortsResponse cohorts;
  ASSERT_TRUE(ev->stub().ListCohorts(&c2, cohort_req, &cohorts).ok());
  EXPECT_GE(CheckCells(cohorts, 5), 20);
  v1::Bilan referent;
  ASSERT_TRUE(ev->stub().GetBilan(&c3, bilan_req, &referent).ok());
  CheckCells(referent, 5);
}

// The threshold is not a matter of rank: admin, steering and a référent get the same
// hidden cells on every aggregate RPC, and none below k.
TEST_F(SecrecyOutputsTest, EveryReaderRoleIncludingAdminGetsTheSameSecrecy) {
  auto ev = Evaluation(5);
  std::map<std::string, int> hidden_by_role;
  for (const std::string token : {"admin", "steering", "referent-est"}) {
    grpc::ClientContext c1, c2, c3;
    ev->Authorize(c1, token);
    ev->Authorize(c2, token);
    ev->Authorize(c3, token);
    v1::GetBilanRequest bilan_req;
    bilan_req.set_year(2024);
    v1::Bilan bilan;
    ASSERT_TRUE(ev->stub().GetBilan(&c1, bilan_req, &bilan).ok()) << token;
    v1::ListCohortsRequest cohort_req;
    cohort_req.set_from_month("2024-01");
    cohort_req.set_to_month("2024-03");
    v1::ListCohortsResponse cohorts;
    ASSERT_TRUE(ev->stub().ListCohorts(&c2, cohort_req, &cohorts).ok()) << token;
    v1::ListOfferEvaluationsRequest offers_req;
    offers_req.set_year(2024);
    v1::ListOfferEvaluationsResponse offers;
    ASSERT_TRUE(ev->stub().ListOfferEvaluations(&c3, offers_req, &offers).ok()) << token;
    hidden_by_role[token] = CheckCells(bilan, 5) + CheckCells(cohorts, 5) + CheckCells(offers, 5);
  }
  EXPECT_GT(hidden_by_role["admin"], 0) << "the scenario has small cells to hide";
  EXPECT_EQ(hidden_by_role["admin"], hidden_by_role["steering"]);
}

TEST_F(SecrecyOutputsTest, EveryCsvExportHidesWhatTheApiHides) {
  auto ev = Evaluation(5);
  const Csv bilan = ParseCsv(Export(*ev, v1::BILAN));
  ASSERT_GT(bilan.rows.size(), 50u);
  EXPECT_GE(CheckCsvCells(bilan, 5), 20);
  // Every TAD-SUD row is hidden; the hidden fraud count (4 cases) appears nowhere.
  const int tad = bilan.Column("tad");
  const int indicator = bilan.Column("indicator");
  int sud = 0;
  for (const auto& row : bilan.rows) {
    if (row[static_cast<size_t>(tad)] == "TAD-SUD") {
      ++sud;
      EXPECT_EQ(row[static_cast<size_t>(bilan.Column("value_suppressed"))], "true");
    }
    if (row[static_cast<size_t>(indicator)] == "dossiers_frauduleux_detectes" &&
        row[static_cast<size_t>(tad)].empty()) {
      EXPECT_EQ(row[static_cast<size_t>(bilan.Column("value"))], "");
      EXPECT_EQ(row[static_cast<size_t>(bilan.Column("value_suppressed"))], "true");
    }
  }
  EXPECT_GT(sud, 5);

  const Csv cohorts = ParseCsv(Export(*ev, v1::COHORTS));
  ASSERT_EQ(cohorts.rows.size(), 6u);  // 3 months + 3 (month, TAD)
  EXPECT_GE(CheckCsvCells(cohorts, 5), 10);
  for (const auto& row : cohorts.rows) {
    if (row[static_cast<size_t>(cohorts.Column("tad"))] != "TAD-SUD") continue;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string& name = cohorts.header[c];
      if (name.size() > 11 && name.substr(name.size() - 11) == "_suppressed") {
        EXPECT_EQ(row[c], "true") << name;
      }
    }
  }

  const Csv offers = ParseCsv(Export(*ev, v1::OFFERS));
  ASSERT_EQ(offers.rows.size(), 2u);
  EXPECT_GE(CheckCsvCells(offers, 5), 5);
  for (const auto& row : offers.rows) {
    if (row[0] != "OFF-B") continue;  // S1 and S2 only
    for (const char* cell :
         {"prescriptions", "prescriptions_per_place", "started", "cost_per_participant_cents"}) {
      EXPECT_EQ(row[static_cast<size_t>(offers.Column(std::string(cell) + "_suppressed"))], "true")
          << cell;
    }
  }
}

TEST_F(SecrecyOutputsTest, MetricsExportNoHiddenCell) {
  auto ev = Evaluation(5);
  // The gauges show the current year's figures: be in 2024.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2024, 12, 15, 12, 0, 0), absl::UTCTimeZone()));
  ev->parts().RefreshMetrics();
  std::set<std::string> headlines;
  int values = 0;
  for (const prometheus::MetricFamily& family : ev->registry().Collect()) {
    for (const prometheus::ClientMetric& metric : family.metric) {
      std::map<std::string, std::string> labels;
      for (const auto& l : metric.label) labels[l.name] = l.value;
      EXPECT_FALSE(labels.contains("service")) << family.name;
      EXPECT_NE(labels["tad"], "TAD-SUD") << family.name;
      if (family.name == "parcours_evaluation_indicator_value") ++values;
      if (family.name == "parcours_evaluation_headline") {
        headlines.insert(labels["name"] + "/" + labels["tad"]);
        if (labels["name"] == "orientation_within_30_days" && labels["tad"] == "TAD-EST") {
          EXPECT_DOUBLE_EQ(metric.gauge.value, 0.7);
        }
      }
      if (family.name == "parcours_events_consumer_lag_events") {
        EXPECT_EQ(labels["consumer"], "evaluation.projections");
        EXPECT_EQ(metric.gauge.value, 0);
      }
    }
  }
  EXPECT_GT(values, 10);
  // contractualisation: TAD-EST's 4 of 8 is hidden; positive exits and recovery: every
  // territory's cell is hidden.
  EXPECT_EQ(headlines, (std::set<std::string>{"orientation_within_30_days/TAD-CENTRE",
                                              "orientation_within_30_days/TAD-EST",
                                              "contractualisation_rate/TAD-CENTRE"}));
}

TEST_F(SecrecyOutputsTest, KIsConfiguration) {
  auto loose = Evaluation(2);
  auto strict = Evaluation(11);
  v1::GetBilanRequest req;
  req.set_year(2024);
  v1::Bilan a;
  v1::Bilan b;
  grpc::ClientContext c1, c2;
  loose->Authorize(c1, "steering");
  strict->Authorize(c2, "steering");
  ASSERT_TRUE(loose->stub().GetBilan(&c1, req, &a).ok());
  ASSERT_TRUE(strict->stub().GetBilan(&c2, req, &b).ok());
  EXPECT_EQ(a.secrecy_k(), 2);
  // S1, S2 both oriented within 30 days: shown with k = 2.
  EXPECT_CELL(TadCell(Indicator(a, "2-2", "orientes_moins_30_jours"), "TAD-SUD"), 1.0, 2);
  // TAD-EST's 10 entrants: hidden with k = 11; the Département's 18 shown.
  EXPECT_HIDDEN(TadCell(Indicator(b, "2-2", "orientes_moins_30_jours"), "TAD-EST"));
  EXPECT_CELL(Indicator(b, "2-2", "orientes_moins_30_jours").total(), 15.0 / 18.0, 18);
  CheckCells(b, 11);
}

}  // namespace
}  // namespace parcours::evaluation::testing
