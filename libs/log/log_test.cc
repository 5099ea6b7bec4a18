#include "libs/log/log.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace parcours::log {
namespace {

std::vector<std::string>* g_lines = nullptr;
void Capture(std::string_view line) { g_lines->emplace_back(line); }

TEST(Log, WritesOneJsonObjectPerLineWithFields) {
  std::vector<std::string> lines;
  g_lines = &lines;
  SetSinkForTesting(&Capture);
  SetProcessField("service", "test");
  Info("started", {{"port", 5000}, {"ratio", 0.5}, {"ok", true}, {"name", "x\"y"}});
  Debug("hidden at info level");
  Error("bad bytes", {{"raw", std::string("\xff\xfe")}});
  SetSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 2u);
  auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j["msg"], "started");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["port"], 5000);
  EXPECT_EQ(j["name"], "x\"y");
  EXPECT_EQ(j["service"], "test");
  EXPECT_TRUE(j.contains("ts"));
  EXPECT_NO_THROW(nlohmann::json::parse(lines[1]));
}

}  // namespace
}  // namespace parcours::log
