// The stored explanation of a score, byte for byte: EncodeExplanation is written by hand
// for speed, so its exact output (escaping included) is pinned here, and it must read back
// through the full JSON parser.
#include <string>

#include "gtest/gtest.h"
#include "services/fraud/store/scoring_store.h"

namespace parcours::fraud {
namespace {

ScoreResult Tricky() {
  ScoreResult r;
  r.score = 55;
  // Quotes, backslash, the short escapes JSON has and the ones this encoder spells \u00XX,
  // DEL and UTF-8 (left as they are), a slash (not escaped).
  r.fired.push_back({RuleId::kIncomeAboveDeclared,
                     40,
                     "say \"hi\"\\ a/b\n\t\r\b\f\x01\x1f\x7f caf\xc3\xa9 \xe2\x82\xac",
                     {{"gap_cents", "900"}, {"na\"me", "va\\lue"}}});
  r.fired.push_back({RuleId::kDeclarationsMissing, 15, "", {}});
  r.notes.push_back(std::string("nul \0 inside", 12));
  r.notes.push_back("plain");
  return r;
}

TEST(EncodeExplanation, NothingToSayIsEmpty) {
  EXPECT_EQ(EncodeExplanation(ScoreResult{}), "");
  ScoreResult scored;
  scored.score = 7;  // a score with no rule and no note says nothing either
  EXPECT_EQ(EncodeExplanation(scored), "");
}

TEST(EncodeExplanation, PinsTheBytes) {
  const std::string expected =
      R"({"fired":[{"rule":"income_above_declared","weight":40,"reason":)"
      R"("say \"hi\"\\ a/b\n\u0009\u000d\u0008\u000c\u0001\u001f)"
      "\x7f caf\xc3\xa9 \xe2\x82\xac"
      R"(","evidence":[["gap_cents","900"],["na\"me","va\\lue"]]},)"
      R"({"rule":"declarations_missing","weight":15,"reason":"","evidence":[]}],)"
      R"("notes":["nul \u0000 inside","plain"]})";
  EXPECT_EQ(EncodeExplanation(Tricky()), expected);
}

TEST(EncodeExplanation, ReadsBack) {
  const ScoreResult in = Tricky();
  const ScoreResult out = DecodeExplanation(in.score, EncodeExplanation(in));
  EXPECT_EQ(out.score, 55);
  ASSERT_EQ(out.fired.size(), 2u);
  EXPECT_EQ(out.fired[0].id, RuleId::kIncomeAboveDeclared);
  EXPECT_EQ(out.fired[0].weight, 40);
  EXPECT_EQ(out.fired[0].reason, in.fired[0].reason);
  EXPECT_EQ(out.fired[0].evidence, in.fired[0].evidence);
  EXPECT_EQ(out.fired[1].id, RuleId::kDeclarationsMissing);
  EXPECT_EQ(out.notes, in.notes);
}

}  // namespace
}  // namespace parcours::fraud
