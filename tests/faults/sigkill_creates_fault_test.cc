// The real catalogue_server SIGKILLed in the middle of a stream of CreatePrescription calls
// with request_ids (4 threads), restarted on the same database and port; the client retries
// every create it has no answer for with the same request_id. Afterwards every
// acknowledged create is present exactly once (one prescription per request, the same id
// as acknowledged), and an evaluation_server that followed catalogue's feed through the
// crash shows the same offer figures and bilan as a fresh evaluation replaying the feed
// from zero.
#include <signal.h>

#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/faults/catalogue_client.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {
namespace {

namespace v1 = catalogue::v1;
namespace ev = evaluation::v1;

std::map<std::string, std::string> EvaluationEnv(const std::string& dir, const std::string& name,
                                                 const std::string& catalogue_address) {
  const std::string nowhere = absl::StrCat("127.0.0.1:", testutil::FreeLoopbackPort());
  return {{"AUTH_TOKENS_FILE", dir + "/tokens.json"},  // written by CatalogueEnv
          {"SERVICE_TOKEN", "service:evaluation-token"},
          {"DATABASE_URL", "sqlite://" + dir + "/" + name + ".db"},
          {"CATALOGUE_ADDR", catalogue_address},
          {"ORIENTATION_ADDR", nowhere},
          {"CONTRACTS_ADDR", nowhere},
          {"FRAUD_ADDR", nowhere}};
}

// The last catalogue event the evaluation applied (-1 when unknown).
int64_t CatalogueApplied(ev::Evaluation::Stub& stub) {
  grpc::ClientContext ctx;
  Prepare(ctx, "steering-token", absl::Seconds(5));
  ev::GetFeedLagResponse resp;
  if (!stub.GetFeedLag(&ctx, ev::GetFeedLagRequest(), &resp).ok()) return -1;
  for (const auto& f : resp.feeds()) {
    if (f.feed() == "catalogue") return f.last_applied_sequence();
  }
  return -1;
}

struct Figures {
  ev::ListOfferEvaluationsResponse offers;
  ev::Bilan bilan;
};

Figures ReadFigures(ev::Evaluation::Stub& stub, int year) {
  Figures f;
  {
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", absl::Seconds(10));
    ev::ListOfferEvaluationsRequest req;
    req.set_page_size(500);
    EXPECT_TRUE(stub.ListOfferEvaluations(&ctx, req, &f.offers).ok());
  }
  {
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", absl::Seconds(10));
    ev::GetBilanRequest req;
    req.set_year(year);
    EXPECT_TRUE(stub.GetBilan(&ctx, req, &f.bilan).ok());
    f.bilan.clear_computed_at();
  }
  return f;
}

TEST(SigkillCreatesFaultTest, AcknowledgedOnceAndEvaluationEqualsAReplay) {
  FaultDir dir("sigkill_creates");
  auto env = CatalogueEnv(dir.path());
  const int port = testutil::FreeLoopbackPort();
  env["GRPC_ADDRESS"] = absl::StrCat("127.0.0.1:", port);
  auto catalogue = std::make_unique<ServiceProcess>(PARCOURS_BIN_CATALOGUE_SERVER, env);
  ASSERT_OK(catalogue->Start());
  std::string offer_id;
  {
    auto setup = v1::Catalogue::NewStub(catalogue->NewChannel());
    ASSERT_OK_AND_ASSIGN(offer_id, CreatePublishedOffer(*setup));
  }
  ServiceProcess live_evaluation(
      PARCOURS_BIN_EVALUATION_SERVER,
      EvaluationEnv(dir.path(), "evaluation_live", catalogue->address()));
  ASSERT_OK(live_evaluation.Start());

  // One channel for every thread, to the fixed address: it reconnects after the restart.
  auto channel = catalogue->NewChannel();
  auto stub = v1::Catalogue::NewStub(channel);
  constexpr int kThreads = 4;
  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // request_id → prescription id
  std::set<std::string> unanswered;                 // sent, no answer (yet)
  std::vector<int64_t> next(kThreads, 0);
  std::atomic<bool> killed{false};
  int64_t attempts_after_kill = 0;
  LoadLoop load(kThreads, [&](int t, int64_t) {
    const std::string request_id = absl::StrCat("kill-", t, "-", next[t]);
    v1::Prescription p;
    grpc::Status s = CreatePrescription(
        *stub, offer_id, request_id, absl::StrCat("ben-", t, "-", next[t]), &p, absl::Seconds(3));
    std::lock_guard<std::mutex> lock(mu);
    if (killed) ++attempts_after_kill;
    if (s.ok()) {
      auto [it, inserted] = acknowledged.emplace(request_id, p.id());
      unanswered.erase(request_id);
      if (!inserted && it->second != p.id()) {
        return grpc::Status(grpc::StatusCode::DATA_LOSS, "a retry created a second prescription");
      }
      ++next[t];
    } else {
      unanswered.insert(request_id);  // retried with the same request_id
      absl::SleepFor(absl::Milliseconds(50));
    }
    return s;
  });

  absl::SleepFor(absl::Seconds(2));
  size_t acknowledged_at_kill;
  {
    std::lock_guard<std::mutex> lock(mu);
    acknowledged_at_kill = acknowledged.size();
    killed = true;
  }
  catalogue->Kill();  // SIGKILL, with creates in flight
  absl::SleepFor(absl::Milliseconds(500));
  catalogue = std::make_unique<ServiceProcess>(PARCOURS_BIN_CATALOGUE_SERVER, env);
  ASSERT_OK(catalogue->Start());
  // The stream goes on (the channel reconnects) until a hundred more are acknowledged.
  const bool resumed = WaitUntil(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return acknowledged.size() > acknowledged_at_kill + 100;
      },
      absl::Seconds(30));
  const LoadCounts counts = load.StopAndCount();
  // Whatever is still unanswered is retried once more, serially.
  int64_t final_retries = 0;
  for (const std::string& request_id : std::set<std::string>(unanswered)) {
    const int t = std::stoi(request_id.substr(5, request_id.find('-', 5) - 5));
    const std::string n = request_id.substr(request_id.rfind('-') + 1);
    v1::Prescription p;
    grpc::Status s = CreatePrescription(*stub, offer_id, request_id,
                                        absl::StrCat("ben-", t, "-", n), &p, absl::Seconds(5));
    ++final_retries;
    ASSERT_TRUE(s.ok()) << s.error_message();
    acknowledged[request_id] = p.id();
    unanswered.erase(request_id);
  }

  // Every acknowledged create exactly once: list the offer's prescriptions.
  std::map<std::string, int> per_beneficiary;
  std::set<std::string> listed_ids;
  std::string page;
  do {
    grpc::ClientContext ctx;
    Prepare(ctx, "admin-token", absl::Seconds(10));
    v1::ListPrescriptionsRequest req;
    req.set_offer_id(offer_id);
    req.set_page_size(500);
    req.set_page_token(page);
    v1::ListPrescriptionsResponse resp;
    grpc::Status s = stub->ListPrescriptions(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const v1::Prescription& p : resp.prescriptions()) {
      ++per_beneficiary[p.beneficiary_id()];
      listed_ids.insert(p.id());
    }
    page = resp.next_page_token();
  } while (!page.empty());
  int64_t found = 0, duplicated = 0;
  for (const auto& [request_id, id] : acknowledged) found += listed_ids.contains(id);
  for (const auto& [beneficiary, n] : per_beneficiary) duplicated += n > 1;

  // The evaluation that followed the feed through the crash, and a fresh one replaying it.
  auto live = ev::Evaluation::NewStub(live_evaluation.NewChannel());
  ServiceProcess replay_evaluation(
      PARCOURS_BIN_EVALUATION_SERVER,
      EvaluationEnv(dir.path(), "evaluation_replay", catalogue->address()));
  ASSERT_OK(replay_evaluation.Start());
  auto replay = ev::Evaluation::NewStub(replay_evaluation.NewChannel());
  int64_t live_applied = -1, replay_applied = -2;
  const bool caught_up = WaitUntil(
      [&] {
        live_applied = CatalogueApplied(*live);
        replay_applied = CatalogueApplied(*replay);
        return live_applied > 0 && live_applied == replay_applied &&
               live_applied >= static_cast<int64_t>(acknowledged.size());
      },
      absl::Seconds(60));
  const int year = absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year();
  const Figures a = ReadFigures(*live, year);
  const Figures b = ReadFigures(*replay, year);
  std::string diff;
  google::protobuf::util::MessageDifferencer d;
  d.ReportDifferencesToString(&diff);
  const bool offers_equal = d.Compare(a.offers, b.offers);
  const bool bilan_equal = d.Compare(a.bilan, b.bilan);
  double evaluated_prescriptions = -1;
  for (const auto& o : a.offers.offers()) {
    if (o.offer_id() == offer_id && o.prescriptions().has_value()) {
      evaluated_prescriptions = o.prescriptions().value();
    }
  }

  std::printf(
      "[sigkill-creates] CreatePrescription stream, %d threads, catalogue SIGKILLed after %zu "
      "acknowledged, restarted on the same database and port\n"
      "[sigkill-creates] calls: %s; attempts after the kill %lld, final serial retries %lld\n"
      "[sigkill-creates] acknowledged %zu, found %lld, beneficiaries listed %zu, duplicated %lld\n"
      "[sigkill-creates] evaluation: live applied %lld catalogue events, replay %lld; offer "
      "prescriptions %.0f; offers equal %s, bilan equal %s\n",
      kThreads, acknowledged_at_kill, counts.ToString().c_str(),
      static_cast<long long>(attempts_after_kill), static_cast<long long>(final_retries),
      acknowledged.size(), static_cast<long long>(found), per_beneficiary.size(),
      static_cast<long long>(duplicated), static_cast<long long>(live_applied),
      static_cast<long long>(replay_applied), evaluated_prescriptions, offers_equal ? "yes" : "no",
      bilan_equal ? "yes" : "no");

  EXPECT_EQ(counts.Count(grpc::StatusCode::DATA_LOSS), 0);
  EXPECT_GT(acknowledged_at_kill, 10u);
  EXPECT_TRUE(resumed) << "the stream did not resume after the restart";
  EXPECT_GT(counts.failed(), 0) << "the kill should have failed some calls";
  EXPECT_EQ(found, static_cast<int64_t>(acknowledged.size()));
  EXPECT_EQ(per_beneficiary.size(), acknowledged.size()) << "a create without acknowledgement";
  EXPECT_EQ(duplicated, 0);
  EXPECT_TRUE(caught_up) << "live " << live_applied << " replay " << replay_applied;
  EXPECT_TRUE(offers_equal) << diff;
  EXPECT_TRUE(bilan_equal) << diff;
  EXPECT_EQ(evaluated_prescriptions, static_cast<double>(acknowledged.size()));

  replay_evaluation.Signal(SIGTERM);
  live_evaluation.Signal(SIGTERM);
  catalogue->Signal(SIGTERM);
  EXPECT_EQ(replay_evaluation.Wait(absl::Seconds(20)), 0);
  EXPECT_EQ(live_evaluation.Wait(absl::Seconds(20)), 0);
  EXPECT_EQ(catalogue->Wait(absl::Seconds(20)), 0);
}

}  // namespace
}  // namespace parcours::faults
