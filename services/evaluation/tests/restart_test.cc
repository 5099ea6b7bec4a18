// The real evaluation_server binary, killed (SIGKILL) in the middle of projecting a few
// thousand events from the four feeds, then restarted on the same database: it resumes
// from its checkpoints, and the bilan, cohorts and offers it serves equal those of an
// evaluation that projected the same feeds without interruption; every event is in the
// timeline exactly once.
#include <signal.h>

#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/events/test_util.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/subprocess.h"
#include "libs/testing/test_database.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

using D = absl::CivilDay;

// About 6 events per person over the four feeds, dated through 2024.
int64_t PublishPopulation(ScriptedFeeds& feeds, int people) {
  std::minstd_rand rng(42);
  const char* tads[] = {"TAD-EST", "TAD-CENTRE", "TAD-NORD"};
  int64_t about_people = 0;
  for (int i = 0; i < people; ++i) {
    const std::string who = absl::StrCat("B", i);
    const std::string tad = tads[rng() % 3];
    const D entry = D(2024, 1, 1) + static_cast<int>(rng() % 300);
    feeds.Entered(who, tad, entry, rng() % 5 != 0);
    feeds.Convened(who, tad, entry + 5);
    const D oriented = entry + static_cast<int>(10 + rng() % 40);
    feeds.Oriented(who, tad, oriented, 1 + static_cast<int>(rng() % 3), entry);
    about_people += 3;
    if (rng() % 3 != 0) {
      feeds.Contract("activated", "K" + who, who, tad, 1 + static_cast<int>(rng() % 5),
                     oriented + static_cast<int>(rng() % 60));
      ++about_people;
    }
    if (rng() % 2 == 0) {
      const std::string offer = absl::StrCat("OFF-", rng() % 7);
      feeds.Prescription("created", "P" + who, who, tad, offer, "3-7", oriented + 3);
      feeds.Prescription("started", "P" + who, who, tad, offer, "3-7", oriented + 10);
      const bool positive = rng() % 2 == 0;
      feeds.Prescription("completed", "P" + who, who, tad, offer, "3-7", oriented + 60,
                         positive ? 1 : 7, positive);
      about_people += 3;
    }
    if (rng() % 10 == 0) {
      feeds.Case("opened", "C" + who, who, tad, entry + 20, 1, 0, 0, 0);
      feeds.Case("status_changed", "C" + who, who, tad, entry + 50, 4, 10000, 5000,
                 static_cast<int64_t>(rng() % 15000));
      about_people += 2;
    }
    if (rng() % 4 == 0) {
      feeds.Exited(who, tad, entry + static_cast<int>(100 + rng() % 200),
                   rng() % 2 == 0 ? 1 : 6);  // end of rights or return to employment
      ++about_people;
    }
  }
  for (int o = 0; o < 7; ++o) feeds.Offer(absl::StrCat("OFF-", o), "STR", "3-7", 20, 500000);
  return about_people;
}

class RestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/evaluation_restart_" + std::to_string(getpid());
    std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str());
    std::ofstream(dir_ + "/tokens.json")
        << absl::StrCat(R"([{"sha256":")", auth::Sha256Hex("steering-token"),
                        R"(","subject":"steering","roles":["steering"],"territories":["*"]}])");
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::unique_ptr<parcours::testutil::Subprocess> StartServer(ScriptedFeeds& feeds) {
    std::map<std::string, std::string> env = {{"AUTH_TOKENS_FILE", dir_ + "/tokens.json"},
                                              {"SERVICE_TOKEN", "evaluation-token"}};
    for (const auto& [feed, port] : feeds.Ports()) {
      std::string upper = feed;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      env[upper + "_ADDR"] = absl::StrCat("127.0.0.1:", port);
    }
    auto p = std::make_unique<parcours::testutil::Subprocess>(
        std::vector<std::string>{PARCOURS_BIN_EVALUATION_SERVER, "--grpc-address=127.0.0.1:0",
                                 "--metrics-address=", "--database-url=" + Url()},
        env);
    EXPECT_OK(p->Start());
    return p;
  }

  std::string Url() const { return "sqlite://" + dir_ + "/evaluation.db"; }

  // Sum of the four checkpoints, read from the server's database file.
  int64_t Applied() {
    storage::DatabaseOptions o;
    o.url = Url();
    auto db = storage::OpenDatabase(o);
    if (!db.ok()) return -1;
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    if (!tx.ok()) return -1;
    auto rs = (*tx)->Query("SELECT COALESCE(SUM(sequence), 0) FROM consumer_checkpoints");
    return rs.ok() ? rs->rows[0].Int(0) : -1;
  }

  std::string dir_;
};

struct Figures {
  v1::Bilan bilan;
  v1::ListCohortsResponse cohorts;
  v1::ListOfferEvaluationsResponse offers;
};

Figures Read(v1::Evaluation::Stub& stub, const std::string& token) {
  Figures f;
  auto ctx = [&token](grpc::ClientContext& c) {
    c.AddMetadata("authorization", "Bearer " + token);
    c.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  };
  grpc::ClientContext c1, c2, c3;
  ctx(c1);
  ctx(c2);
  ctx(c3);
  v1::GetBilanRequest b;
  b.set_year(2024);
  EXPECT_TRUE(stub.GetBilan(&c1, b, &f.bilan).ok());
  f.bilan.clear_computed_at();
  v1::ListCohortsRequest c;
  c.set_from_month("2024-01");
  c.set_to_month("2024-12");
  EXPECT_TRUE(stub.ListCohorts(&c2, c, &f.cohorts).ok());
  v1::ListOfferEvaluationsRequest o;
  o.set_page_size(100);
  EXPECT_TRUE(stub.ListOfferEvaluations(&c3, o, &f.offers).ok());
  return f;
}

TEST_F(RestartTest, KilledMidwayThenRestartedGivesTheSameFigures) {
  ScriptedFeeds feeds;
  ASSERT_OK(feeds.Start());
  const int64_t person_events = PublishPopulation(feeds, 1200);
  const int64_t total = feeds.TotalEvents();
  int64_t heads = 0;
  for (const char* f : {"catalogue", "orientation", "contracts", "fraud"}) heads += feeds.Head(f);

  auto server = StartServer(feeds);
  ASSERT_TRUE(events::testutil::WaitUntil([&] { return Applied() > 0; }, absl::Seconds(60)));
  server->Kill();  // SIGKILL: a crash, mid-way
  const int64_t applied_at_kill = Applied();
  EXPECT_GT(applied_at_kill, 0);
  EXPECT_LT(applied_at_kill, heads) << "the kill should land before the end";

  server = StartServer(feeds);
  auto line = server->WaitForLine("\"listening\"", absl::Seconds(30));
  ASSERT_TRUE(line.has_value());
  const int port = parcours::testutil::JsonIntField(*line, "grpc_port");
  ASSERT_TRUE(events::testutil::WaitUntil([&] { return Applied() == heads; }, absl::Seconds(120)));
  auto stub = v1::Evaluation::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  const Figures restarted = Read(*stub, "steering-token");
  server->Signal(SIGTERM);
  EXPECT_EQ(server->Wait(absl::Seconds(20)), 0);

  // Every event about a person in the timeline exactly once.
  {
    storage::DatabaseOptions o;
    o.url = Url();
    ASSERT_OK_AND_ASSIGN(auto db, storage::OpenDatabase(o));
    ASSERT_OK_AND_ASSIGN(auto tx, db->Begin(storage::TxMode::kRead));
    ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT COUNT(*) FROM eval_timeline"));
    EXPECT_EQ(rs.rows[0].Int(0), person_events);
    EXPECT_EQ(total - person_events, 7);  // the offers
  }

  // The same feeds projected without interruption, in-process.
  ASSERT_OK_AND_ASSIGN(auto db, parcours::testutil::TestDatabase::Create("sqlite"));
  FakeClock clock(absl::Now());
  TestEvaluation reference(db->db(), feeds.Channels(), clock);
  ASSERT_OK(reference.Start());
  ASSERT_TRUE(reference.WaitCaughtUp(feeds));
  const Figures expected = Read(reference.stub(), "steering");
  using google::protobuf::util::MessageDifferencer;
  std::string diff;
  MessageDifferencer d;
  d.ReportDifferencesToString(&diff);
  EXPECT_TRUE(d.Compare(expected.bilan, restarted.bilan)) << diff;
  EXPECT_TRUE(d.Compare(expected.cohorts, restarted.cohorts)) << diff;
  EXPECT_TRUE(d.Compare(expected.offers, restarted.offers)) << diff;
  EXPECT_EQ(expected.offers.offers_size(), 7);
  EXPECT_GT(expected.bilan.fiches_size(), 30);
}

}  // namespace
}  // namespace parcours::evaluation::testing
