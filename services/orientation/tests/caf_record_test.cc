// CAF record validation (each rejection reason, named by field) and the effect of valid
// records on the registry.
#include "services/orientation/domain/caf_record.h"

#include "gtest/gtest.h"
#include "services/orientation/default_data.h"

namespace parcours::orientation {
namespace {

const absl::CivilDay kToday(2024, 6, 1);

CafRecord Entrant() {
  CafRecord r;
  r.kind = CafRecordKind::kEntrant;
  r.caf_number = "1234567";
  r.event_date = absl::CivilDay(2024, 5, 2);
  r.last_name = "Martin";
  r.first_name = "Léa";
  r.birth_date = absl::CivilDay(1990, 5, 17);
  r.commune_insee = "91228";
  r.phone = "06 01 02 03 04";
  r.email = "lea@example.org";
  r.subject_to_rights_and_duties = true;
  return r;
}

class CafRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<TerritoryMap> map = TerritoryMap::Default();
    ASSERT_TRUE(map.ok()) << map.status();
    map_ = *std::move(map);
  }
  TerritoryMap map_;
};

TEST_F(CafRecordTest, AcceptsAGoodEntrant) {
  CafFlowValidator v(map_, kToday);
  EXPECT_FALSE(v.Check(0, Entrant()).has_value());
}

TEST_F(CafRecordTest, RejectsEachProblemNamingTheField) {
  struct Case {
    const char* name;
    void (*mutate)(CafRecord&);
    const char* field;
  };
  const Case cases[] = {
      {"kind", [](CafRecord& r) { r.kind = CafRecordKind::kUnspecified; }, "kind"},
      {"short caf", [](CafRecord& r) { r.caf_number = "123456"; }, "caf_number"},
      {"letters caf", [](CafRecord& r) { r.caf_number = "12345A7"; }, "caf_number"},
      {"no date", [](CafRecord& r) { r.event_date.reset(); }, "event_date"},
      {"before RSA", [](CafRecord& r) { r.event_date = absl::CivilDay(2008, 1, 1); }, "event_date"},
      {"future", [](CafRecord& r) { r.event_date = absl::CivilDay(2024, 6, 2); }, "event_date"},
      {"no name", [](CafRecord& r) { r.last_name.clear(); }, "last_name"},
      {"no birth", [](CafRecord& r) { r.birth_date.reset(); }, "birth_date"},
      {"too young", [](CafRecord& r) { r.birth_date = absl::CivilDay(2015, 1, 1); }, "birth_date"},
      {"too old", [](CafRecord& r) { r.birth_date = absl::CivilDay(1890, 1, 1); }, "birth_date"},
      {"unknown commune", [](CafRecord& r) { r.commune_insee = "75056"; }, "commune_insee"},
      {"no commune", [](CafRecord& r) { r.commune_insee.clear(); }, "commune_insee"},
      {"phone", [](CafRecord& r) { r.phone = "12"; }, "phone"},
      {"email", [](CafRecord& r) { r.email = "lea.example.org"; }, "email"},
      {"reason on entrant", [](CafRecord& r) { r.exit_reason = ExitReason::kMovedOut; },
       "exit_reason"},
      {"exit without reason", [](CafRecord& r) { r.kind = CafRecordKind::kExit; }, "exit_reason"},
  };
  for (const Case& c : cases) {
    CafFlowValidator v(map_, kToday);
    CafRecord r = Entrant();
    c.mutate(r);
    std::optional<CafRejection> rejection = v.Check(7, r);
    ASSERT_TRUE(rejection.has_value()) << c.name;
    EXPECT_EQ(rejection->field, c.field) << c.name;
    EXPECT_EQ(rejection->index, 7) << c.name;
    EXPECT_EQ(rejection->reason.find(r.caf_number.empty() ? "\x01" : r.caf_number),
              std::string::npos)
        << "a rejection never echoes the CAF number";
  }
}

TEST_F(CafRecordTest, RejectsADuplicateInTheSameFlowOnly) {
  CafFlowValidator v(map_, kToday);
  EXPECT_FALSE(v.Check(0, Entrant()).has_value());
  std::optional<CafRejection> dup = v.Check(1, Entrant());
  ASSERT_TRUE(dup.has_value());
  EXPECT_EQ(dup->field, "caf_number");
  CafRecord change = Entrant();
  change.kind = CafRecordKind::kChange;
  EXPECT_FALSE(v.Check(2, change).has_value()) << "another kind is another record";
  CafFlowValidator another_flow(map_, kToday);
  EXPECT_FALSE(another_flow.Check(0, Entrant()).has_value());
}

TEST_F(CafRecordTest, EntrantCreatesChangeUpdatesExitCloses) {
  const absl::Time now = absl::FromUnixSeconds(1717200000);
  const CafRecord entrant = Entrant();
  absl::StatusOr<CafEffect> created =
      ApplyCafRecord(std::nullopt, entrant, map_.ForCommune("91228"), now, "ben_1");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->kind, CafEffect::Kind::kCreated);
  EXPECT_EQ(created->after.id, "ben_1");
  EXPECT_EQ(created->after.status, BeneficiaryStatus::kToConvene);
  EXPECT_EQ(created->after.territory.tad, "TAD-EST");
  EXPECT_EQ(created->after.entry_date, absl::CivilDay(2024, 5, 2));

  CafRecord change;
  change.kind = CafRecordKind::kChange;
  change.caf_number = entrant.caf_number;
  change.event_date = absl::CivilDay(2024, 5, 20);
  change.commune_insee = "91021";
  change.subject_to_rights_and_duties = false;
  absl::StatusOr<CafEffect> changed =
      ApplyCafRecord(created->after, change, map_.ForCommune("91021"), now, "unused");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->after.territory.tad, "TAD-CENTRE");
  EXPECT_EQ(changed->after.status, BeneficiaryStatus::kEntrant);
  EXPECT_EQ(changed->changed_fields,
            (std::vector<std::string>{"identity.commune_insee", "subject_to_rights_and_duties"}));

  CafRecord exit;
  exit.kind = CafRecordKind::kExit;
  exit.caf_number = entrant.caf_number;
  exit.event_date = absl::CivilDay(2024, 5, 31);
  exit.exit_reason = ExitReason::kIncomeAboveThreshold;
  absl::StatusOr<CafEffect> exited = ApplyCafRecord(changed->after, exit, std::nullopt, now, "x");
  ASSERT_TRUE(exited.ok());
  EXPECT_EQ(exited->after.status, BeneficiaryStatus::kExited);
  EXPECT_EQ(exited->after.exit_reason, ExitReason::kIncomeAboveThreshold);

  EXPECT_EQ(ApplyCafRecord(exited->after, exit, std::nullopt, now, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApplyCafRecord(exited->after, change, std::nullopt, now, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApplyCafRecord(std::nullopt, change, std::nullopt, now, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApplyCafRecord(created->after, entrant, std::nullopt, now, "x").status().code(),
            absl::StatusCode::kFailedPrecondition);

  CafRecord again = entrant;
  again.event_date = absl::CivilDay(2024, 6, 1);
  absl::StatusOr<CafEffect> reentered =
      ApplyCafRecord(exited->after, again, map_.ForCommune("91228"), now, "unused");
  ASSERT_TRUE(reentered.ok());
  EXPECT_EQ(reentered->kind, CafEffect::Kind::kReentered);
  EXPECT_EQ(reentered->after.id, "ben_1");
  EXPECT_EQ(reentered->after.entry_date, absl::CivilDay(2024, 6, 1));
  EXPECT_FALSE(reentered->after.exit_date.has_value());
}

TEST(ImportKeyTest, DependsOnBeneficiaryDateAndKind) {
  const absl::CivilDay d(2024, 1, 2);
  EXPECT_EQ(ImportKey("ben_1", d, CafRecordKind::kEntrant),
            ImportKey("ben_1", d, CafRecordKind::kEntrant));
  EXPECT_NE(ImportKey("ben_1", d, CafRecordKind::kEntrant),
            ImportKey("ben_1", d, CafRecordKind::kExit));
  EXPECT_NE(ImportKey("ben_1", d, CafRecordKind::kEntrant),
            ImportKey("ben_2", d, CafRecordKind::kEntrant));
  EXPECT_NE(ImportKey("ben_1", d, CafRecordKind::kEntrant),
            ImportKey("ben_1", absl::CivilDay(2024, 1, 3), CafRecordKind::kEntrant));
}

}  // namespace
}  // namespace parcours::orientation
