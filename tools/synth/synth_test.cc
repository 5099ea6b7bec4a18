// The generator is deterministic, and what it writes passes the services' own parsers and
// validators (the import into real servers is tools/parcoursctl/parcoursctl_e2e_test).
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/catalogue/domain/data_inclusion.h"
#include "services/fraud/ingest/jsonl.h"
#include "services/fraud/ingest/records.h"
#include "services/orientation/default_data.h"
#include "services/orientation/domain/caf_flow_csv.h"
#include "services/orientation/domain/caf_record.h"
#include "tools/synth/departement.h"

namespace parcours::synth {
namespace {

const std::vector<std::string> kFiles = {"caf_flow.csv",       "data_inclusion.json",
                                         "referents.jsonl",    "households.jsonl",
                                         "declarations.jsonl", "cross_checks.jsonl"};

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SynthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = ReferenceTerritories::Load();
    ASSERT_TRUE(r.ok()) << r.status();
    ref_ = std::make_unique<ReferenceTerritories>(*r);
    root_ = std::filesystem::temp_directory_path() / ("synth_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::string Generate(const std::string& name, uint64_t seed, int64_t beneficiaries,
                       SynthCounts* counts = nullptr) {
    const std::string dir = (root_ / name).string();
    std::filesystem::create_directories(dir);
    SynthOptions o;
    o.seed = seed;
    o.beneficiaries = beneficiaries;
    auto c = WriteDepartement(o, *ref_, dir);
    EXPECT_TRUE(c.ok()) << c.status();
    if (counts != nullptr && c.ok()) *counts = *c;
    return dir;
  }

  std::unique_ptr<ReferenceTerritories> ref_;
  std::filesystem::path root_;
};

TEST_F(SynthTest, SameSeedGivesByteIdenticalFiles) {
  const std::string a = Generate("a", 91, 400), b = Generate("b", 91, 400);
  for (const std::string& f : kFiles) {
    const std::string x = Read(a + "/" + f);
    EXPECT_FALSE(x.empty()) << f;
    EXPECT_EQ(x, Read(b + "/" + f)) << f;
  }
}

TEST_F(SynthTest, DifferentSeedGivesDifferentFiles) {
  const std::string a = Generate("a", 91, 400), b = Generate("b", 92, 400);
  for (const std::string& f : kFiles) EXPECT_NE(Read(a + "/" + f), Read(b + "/" + f)) << f;
}

TEST_F(SynthTest, ASmallerScaleIsAPrefixOfTheSamePeople) {
  // Person i does not depend on the scale: the households of 100 are the first of 400.
  const std::string a = Generate("a", 91, 100), b = Generate("b", 91, 400);
  const std::string small = Read(a + "/households.jsonl"), big = Read(b + "/households.jsonl");
  EXPECT_EQ(big.substr(0, small.size()), small);
}

TEST_F(SynthTest, ScalesAreNamedOrNumbered) {
  EXPECT_EQ(*ScaleToBeneficiaries("small"), 300);
  EXPECT_EQ(*ScaleToBeneficiaries("national"), 1900000);
  EXPECT_EQ(*ScaleToBeneficiaries("1234"), 1234);
  EXPECT_FALSE(ScaleToBeneficiaries("0").ok());
  EXPECT_FALSE(ScaleToBeneficiaries("huge").ok());
  EXPECT_FALSE(ScaleToBeneficiaries("9000000").ok());  // CAF numbers are 7 digits
}

TEST_F(SynthTest, CafFlowPassesOrientationsValidatorInOrder) {
  SynthCounts n;
  const std::string dir = Generate("a", 91, 500, &n);
  auto records = orientation::ParseCafCsv(Read(dir + "/caf_flow.csv"));
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(static_cast<int64_t>(records->size()), n.caf_records);
  auto map = orientation::TerritoryMap::FromJson(orientation::DefaultTerritoriesJson());
  ASSERT_TRUE(map.ok());
  orientation::CafFlowValidator validator(*map, absl::CivilDay(2026, 1, 1));
  std::set<std::string> entered;
  std::map<orientation::CafRecordKind, int> kinds;
  for (size_t i = 0; i < records->size(); ++i) {
    const orientation::CafRecord& r = (*records)[i];
    auto rejection = validator.Check(static_cast<int64_t>(i), r);
    EXPECT_FALSE(rejection.has_value())
        << i << ": " << rejection->field << " " << rejection->reason;
    if (r.kind == orientation::CafRecordKind::kEntrant) {
      entered.insert(r.caf_number);
    } else {
      EXPECT_TRUE(entered.count(r.caf_number)) << "record " << i << " before its entrant";
    }
    ++kinds[r.kind];
    EXPECT_TRUE(r.last_name.empty() || r.email.empty() ||
                r.email.find("@example.org") != std::string::npos);
  }
  EXPECT_EQ(entered.size(), 500u);
  EXPECT_GT(kinds[orientation::CafRecordKind::kChange], 50);
  EXPECT_GT(kinds[orientation::CafRecordKind::kExit], 30);
}

TEST_F(SynthTest, DataInclusionPassesCataloguesImporter) {
  SynthCounts n;
  const std::string dir = Generate("a", 91, 500, &n);
  auto doc = catalogue::ParseDataInclusion(Read(dir + "/data_inclusion.json"),
                                           catalogue::DefaultReferenceData());
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(static_cast<int64_t>(doc->structures.size()), n.structures);
  ASSERT_EQ(static_cast<int64_t>(doc->services.size()), n.services);
  EXPECT_EQ(n.structures, StructuresFor(500));
  for (const auto& s : doc->structures) {
    EXPECT_TRUE(s.errors.empty()) << s.external_id << ": " << s.errors.front();
  }
  for (const auto& s : doc->services) {
    EXPECT_TRUE(s.errors.empty()) << s.external_id << ": " << s.errors.front();
  }
}

template <typename Record, typename Check>
int64_t CheckJsonLines(const std::string& path, Check check) {
  std::ifstream in(path);
  return fraud::ForEachJsonLine<Record>(in, [&](int64_t line, absl::StatusOr<Record> r) {
    EXPECT_TRUE(r.ok()) << path << ":" << line << ": " << r.status();
    if (r.ok()) {
      errors::FieldViolations v = check(*r);
      EXPECT_TRUE(v.empty()) << path << ":" << line << ": " << v.list()[0].field << " "
                             << v.list()[0].description;
    }
    return true;
  });
}

TEST_F(SynthTest, FraudFilesPassFraudsValidation) {
  SynthCounts n;
  const std::string dir = Generate("a", 91, 500, &n);
  EXPECT_EQ(CheckJsonLines<fraud::v1::HouseholdRecord>(dir + "/households.jsonl",
                                                       [](const fraud::v1::HouseholdRecord& r) {
                                                         fraud::HouseholdFile f;
                                                         return fraud::ToHouseholdFile(r, &f);
                                                       }),
            n.households);
  EXPECT_EQ(
      CheckJsonLines<fraud::v1::DeclarationRecord>(dir + "/declarations.jsonl",
                                                   [](const fraud::v1::DeclarationRecord& r) {
                                                     fraud::ByCafNumber<fraud::DeclarationInput> d;
                                                     return fraud::ToDeclaration(r, &d);
                                                   }),
      n.declarations);
  EXPECT_EQ(
      CheckJsonLines<fraud::v1::CrossCheckRecord>(dir + "/cross_checks.jsonl",
                                                  [](const fraud::v1::CrossCheckRecord& r) {
                                                    fraud::ByCafNumber<fraud::CrossCheckInput> c;
                                                    return fraud::ToCrossCheck(r, &c);
                                                  }),
      n.cross_checks);
  EXPECT_EQ(n.households, 500);
  EXPECT_GT(n.cross_checks, 100);
}

TEST_F(SynthTest, ReferentsCoverEveryMdsWithFutureSlots) {
  SynthCounts n;
  const std::string dir = Generate("a", 91, 300, &n);
  std::ifstream in(dir + "/referents.jsonl");
  std::set<std::string> mds;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    mds.insert(j["referent"]["mds"].get<std::string>());
    EXPECT_EQ(j["slots"].size(), 10u);
  }
  EXPECT_EQ(mds.size(), ref_->mds().size());
  EXPECT_EQ(n.referents, 3 * static_cast<int64_t>(ref_->mds().size()));
}

}  // namespace
}  // namespace parcours::synth
