// The survey store on SQLite and PostgreSQL: creation idempotent on request_id, one
// response per respondent and survey even when the same respondent answers from many
// threads at once (the unique constraint decides), and the results' figures.
#include "services/evaluation/store/survey_store.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1733000000);

class SurveyStoreTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(Migrate(db()));
  }
  SurveyDraft Draft() {
    return SurveyDraft{.offer_id = "OFF-A",
                       .audience = Audience::kProfessionals,
                       .title = "t",
                       .questions = {"q1", "q2"},
                       .invited_professionals = 8};
  }
};

TEST_P(SurveyStoreTest, CreateIsIdempotentOnRequestId) {
  SurveyStore store(db());
  ASSERT_OK_AND_ASSIGN(Survey a, store.Create("req", Draft(), kNow));
  ASSERT_OK_AND_ASSIGN(Survey b, store.Create("req", Draft(), kNow));
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(b.draft.questions, (std::vector<std::string>{"q1", "q2"}));
  EXPECT_EQ(store.Get("srv_missing").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(SurveyStoreTest, OneResponsePerRespondentUnderConcurrency) {
  SurveyStore store(db());
  ASSERT_OK_AND_ASSIGN(Survey s, store.Create("req", Draft(), kNow));
  std::atomic<int> ok{0};
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = store.Respond("r" + std::to_string(i), s, "same-digest", {4, 2}, kNow, nullptr);
      if (r.ok()) ++ok;
      if (r.status().code() == absl::StatusCode::kAlreadyExists) ++duplicates;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(duplicates.load(), 7);
  ASSERT_OK(store.Respond("other", s, "another-digest", {2, 2}, kNow, nullptr).status());
  ASSERT_OK_AND_ASSIGN(SurveyStats stats, store.Stats(s));
  EXPECT_EQ(stats.responses, 2);
  EXPECT_EQ(stats.invited, 8);
  EXPECT_DOUBLE_EQ(*stats.mean_score, 2.5);  // (3 + 2) / 2
  EXPECT_DOUBLE_EQ(*stats.question_means[0], 3.0);
  EXPECT_DOUBLE_EQ(*stats.question_means[1], 2.0);
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(SurveyStoreTest);

}  // namespace
}  // namespace parcours::evaluation::testing
