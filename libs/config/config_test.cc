#include "libs/config/config.h"

#include <cstdio>
#include <fstream>

#include "gtest/gtest.h"

namespace parcours::config {
namespace {

TEST(ConfigReader, FlagsOverrideEnvironment) {
  ConfigReader r({"--grpc-port=7000"}, {{"GRPC_PORT", "6000"}, {"LOG_LEVEL", "debug"}});
  EXPECT_EQ(r.Int("GRPC_PORT", 1), 7000);
  EXPECT_EQ(r.String("LOG_LEVEL", "info"), "debug");
  EXPECT_EQ(r.String("MISSING", "dflt"), "dflt");
  EXPECT_TRUE(r.Finish().ok());
}

TEST(ConfigReader, BareFlagIsTrue) {
  ConfigReader r({"--all", "--json=false"}, {});
  EXPECT_TRUE(r.Bool("ALL", false));
  EXPECT_FALSE(r.Bool("JSON", true));
  EXPECT_TRUE(r.Finish().ok());
  ConfigReader bad({"--", "plain"}, {});
  EXPECT_FALSE(bad.Finish().ok());
}

TEST(ConfigReader, ReportsEveryProblemByName) {
  ConfigReader r({"--grpc-prot=1"}, {{"GRPC_PORT", "abc"}, {"TIMEOUT", "soon"},
                                     {"CACHE", "maybe"}, {"WORKERS", "0"}});
  r.Int("GRPC_PORT", 1);
  r.Duration("TIMEOUT", absl::Seconds(1));
  r.Bool("CACHE", false);
  r.Int("WORKERS", 4, 1, 64);
  r.Required("DATABASE_URL");
  absl::Status s = r.Finish();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  for (const char* name : {"GRPC_PORT", "TIMEOUT", "CACHE", "WORKERS", "DATABASE_URL",
                           "--grpc-prot"}) {
    EXPECT_NE(s.message().find(name), std::string::npos) << name << " in " << s.message();
  }
}

TEST(ConfigReader, DurationsBelowTheirMinimumAreRefusedByName) {
  ConfigReader r({}, {{"PEER_DEADLINE", "0s"}, {"POLL", "0s"}, {"WAIT", "5ms"}});
  EXPECT_EQ(r.Duration("PEER_DEADLINE", absl::Seconds(2), absl::Milliseconds(1)),
            absl::Seconds(2));
  EXPECT_EQ(r.Duration("POLL", absl::Seconds(1)), absl::ZeroDuration());  // 0 allowed: "off"
  EXPECT_EQ(r.Duration("WAIT", absl::Seconds(1), absl::Milliseconds(1)), absl::Milliseconds(5));
  absl::Status s = r.Finish();
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("PEER_DEADLINE=0s: must be at least 1ms"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find("POLL"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("WAIT"), std::string::npos) << s.message();
}

TEST(ConfigReader, SecretsComeFromFiles) {
  std::string path = ::testing::TempDir() + "/secret";
  std::ofstream(path) << "s3cret\n";
  ConfigReader r({}, {{"TOKEN_FILE", path}});
  EXPECT_EQ(r.Secret("TOKEN", ""), "s3cret");
  EXPECT_EQ(r.Duration("X", absl::Milliseconds(5)), absl::Milliseconds(5));
  EXPECT_TRUE(r.Finish().ok());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace parcours::config
