// CachingTokenVerifier: acceptances remembered, refusals never, entries bounded by their
// age, the token's own expiry and the size limit.
#include "libs/auth/verified_tokens.h"

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace parcours::auth {
namespace {

// Accepts the tokens it was given (with their expiry), counts every call.
class CountingVerifier final : public TokenVerifier {
 public:
  absl::StatusOr<Principal> Verify(const std::string& token) const override {
    ++calls;
    auto it = tokens.find(token);
    if (it == tokens.end()) return absl::UnauthenticatedError("unknown token");
    return it->second;
  }
  void Add(const std::string& token, const std::string& subject,
           absl::Time expires = absl::InfiniteFuture()) {
    Principal p;
    p.subject = subject;
    p.roles = {kReferent};
    p.territories = {"TAD-CENTRE"};
    p.expires = expires;
    tokens[token] = p;
  }
  std::map<std::string, Principal> tokens;
  mutable std::atomic<int> calls{0};
};

class CachingTokenVerifierTest : public ::testing::Test {
 protected:
  FakeClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::shared_ptr<CountingVerifier> inner_ = std::make_shared<CountingVerifier>();
};

TEST_F(CachingTokenVerifierTest, RemembersAnAcceptedTokenWithItsPrincipal) {
  inner_->Add("alice-token", "alice");
  CachingTokenVerifier verifier(inner_, {}, clock_);
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<Principal> p = verifier.Verify("alice-token");
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->subject, "alice");
    EXPECT_EQ(p->roles, std::vector<std::string>{kReferent});
    EXPECT_EQ(p->territories, std::vector<std::string>{"TAD-CENTRE"});
  }
  EXPECT_EQ(inner_->calls, 1);
  EXPECT_EQ(verifier.size(), 1u);
}

TEST_F(CachingTokenVerifierTest, NeverRemembersARefusal) {
  CachingTokenVerifier verifier(inner_, {}, clock_);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<Principal> p = verifier.Verify("guess");
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated);
  }
  EXPECT_EQ(inner_->calls, 3);
  EXPECT_EQ(verifier.size(), 0u);
  // A token the verifier starts accepting (not valid yet before) is accepted at once.
  inner_->Add("guess", "late");
  EXPECT_TRUE(verifier.Verify("guess").ok());
}

TEST_F(CachingTokenVerifierTest, ChecksAgainAfterMaxAge) {
  inner_->Add("alice-token", "alice");
  CachingTokenVerifier verifier(inner_, {.max_age = absl::Seconds(60)}, clock_);
  ASSERT_TRUE(verifier.Verify("alice-token").ok());
  clock_.Advance(absl::Seconds(59));
  ASSERT_TRUE(verifier.Verify("alice-token").ok());
  EXPECT_EQ(inner_->calls, 1);
  clock_.Advance(absl::Seconds(1));
  inner_->tokens.clear();  // revoked meanwhile: refused once its entry is too old
  EXPECT_EQ(verifier.Verify("alice-token").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(inner_->calls, 2);
}

TEST_F(CachingTokenVerifierTest, NeverAcceptsATokenPastItsOwnExpiry) {
  inner_->Add("jwt", "alice", clock_.Now() + absl::Seconds(10));
  CachingTokenVerifier verifier(inner_, {.max_age = absl::Minutes(5)}, clock_);
  ASSERT_TRUE(verifier.Verify("jwt").ok());
  clock_.Advance(absl::Seconds(9));
  ASSERT_TRUE(verifier.Verify("jwt").ok());
  EXPECT_EQ(inner_->calls, 1);
  clock_.Advance(absl::Seconds(1));
  // The inner verifier decides again (a real JwtVerifier refuses it as expired).
  inner_->tokens.clear();
  EXPECT_FALSE(verifier.Verify("jwt").ok());
  EXPECT_EQ(inner_->calls, 2);
}

TEST_F(CachingTokenVerifierTest, StaysWithinItsSizeAndStillAcceptsEveryone) {
  for (int i = 0; i < 1000; ++i) inner_->Add(absl::StrCat("token-", i), absl::StrCat("user-", i));
  CachingTokenVerifier verifier(inner_, {.max_entries = 64}, clock_);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 1000; ++i) {
      absl::StatusOr<Principal> p = verifier.Verify(absl::StrCat("token-", i));
      ASSERT_TRUE(p.ok()) << p.status();
      EXPECT_EQ(p->subject, absl::StrCat("user-", i));
      EXPECT_LE(verifier.size(), 64u);
    }
  }
}

TEST_F(CachingTokenVerifierTest, ConcurrentCallersGetTheirOwnPrincipals) {
  for (int i = 0; i < 16; ++i) inner_->Add(absl::StrCat("token-", i), absl::StrCat("user-", i));
  CachingTokenVerifier verifier(inner_, {.max_entries = 8}, clock_);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const int who = (t + i) % 16;
        absl::StatusOr<Principal> p = verifier.Verify(absl::StrCat("token-", who));
        if (!p.ok() || p->subject != absl::StrCat("user-", who)) ++wrong;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace parcours::auth
