// The CAF flow file format parcoursctl reads: round trip, quoting, lenient values that the
// service then rejects by field, and structural errors with their line number.
#include "services/orientation/domain/caf_flow_csv.h"

#include <fstream>

#include "gtest/gtest.h"

namespace parcours::orientation {
namespace {

TEST(CafFlowCsvTest, ParsesTheDocumentedExample) {
  const std::string text =
      "kind;caf_number;event_date;last_name;first_name;birth_date;commune_insee;address_line;"
      "phone;email;subject_to_rights_and_duties;exit_reason\r\n"
      "ENTRANT;1234567;2024-03-01;Martin;Léa;1990-05-17;91228;\"3 rue des Lilas; bât. B\";"
      "0601020304;lea@example.org;1;\r\n"
      "\r\n"
      "EXIT;1234567;2024-09-30;;;;;;;;;END_OF_RIGHTS\r\n";
  absl::StatusOr<std::vector<CafRecord>> records = ParseCafCsv(text);
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  const CafRecord& e = (*records)[0];
  EXPECT_EQ(e.kind, CafRecordKind::kEntrant);
  EXPECT_EQ(e.caf_number, "1234567");
  EXPECT_EQ(e.event_date, absl::CivilDay(2024, 3, 1));
  EXPECT_EQ(e.first_name, "Léa");
  EXPECT_EQ(e.address_line, "3 rue des Lilas; bât. B");
  EXPECT_TRUE(e.subject_to_rights_and_duties);
  const CafRecord& x = (*records)[1];
  EXPECT_EQ(x.kind, CafRecordKind::kExit);
  EXPECT_EQ(x.exit_reason, ExitReason::kEndOfRights);
  EXPECT_FALSE(x.subject_to_rights_and_duties);
}

TEST(CafFlowCsvTest, RoundTripsThroughTheWriter) {
  CafRecord r;
  r.kind = CafRecordKind::kChange;
  r.caf_number = "7654321";
  r.event_date = absl::CivilDay(2023, 12, 31);
  r.last_name = "O\"Neil";
  r.address_line = "line one\nline two";
  r.subject_to_rights_and_duties = true;
  absl::StatusOr<std::vector<CafRecord>> back = ParseCafCsv(WriteCafCsv({r, r}));
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].last_name, "O\"Neil");
  EXPECT_EQ((*back)[1].address_line, "line one\nline two");
  EXPECT_EQ((*back)[1].kind, CafRecordKind::kChange);
  EXPECT_EQ((*back)[1].event_date, r.event_date);
}

// Found by caf_flow_fuzz_test: a CAF number or commune read from a quoted cell may hold
// ';' or '"'; the writer left those two cells unquoted, so its file did not read back.
TEST(CafFlowCsvTest, QuotesEveryTextCellSoAnyRecordReadsBack) {
  CafRecord r;
  r.kind = CafRecordKind::kEntrant;
  r.caf_number = "12;7;\"x";
  r.commune_insee = "91;228";
  const std::string written = WriteCafCsv({r});
  absl::StatusOr<std::vector<CafRecord>> back = ParseCafCsv(written);
  ASSERT_TRUE(back.ok()) << back.status() << "\n" << written;
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].caf_number, r.caf_number);
  EXPECT_EQ((*back)[0].commune_insee, r.commune_insee);
}

TEST(CafFlowCsvTest, KeepsBadValuesAsUnsetFieldsForTheServiceToReject) {
  absl::StatusOr<std::vector<CafRecord>> records =
      ParseCafCsv("caf_number;event_date;kind\n12;2024-02-30;RENEWAL\n");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].caf_number, "12");
  EXPECT_FALSE((*records)[0].event_date.has_value()) << "30 February does not exist";
  EXPECT_EQ((*records)[0].kind, CafRecordKind::kUnspecified);
}

TEST(CafFlowCsvTest, ReportsStructuralErrorsWithTheLine) {
  EXPECT_EQ(ParseCafCsv("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCafCsv("kind;caf_number\n").status().code(), absl::StatusCode::kInvalidArgument)
      << "event_date column missing";
  EXPECT_EQ(ParseCafCsv("kind;caf_number;event_date;nickname\n").status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status wide = ParseCafCsv("kind;caf_number;event_date\nENTRANT;1;2;3\n").status();
  EXPECT_EQ(wide.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(wide.message().find("line 2"), absl::string_view::npos) << wide;
  absl::Status quote = ParseCafCsv("kind;caf_number;event_date\nENTRANT;\"1;2\n").status();
  EXPECT_NE(quote.message().find("unterminated"), absl::string_view::npos) << quote;
}

}  // namespace
}  // namespace parcours::orientation

namespace parcours::orientation {
namespace {

TEST(CafFlowCsvTest, ParsesTheShippedSampleFile) {
  std::ifstream in(std::string(PARCOURS_ORIENTATION_DATA_DIR) + "/sample_caf_flow.csv");
  ASSERT_TRUE(in.good());
  CafCsvReader reader(in);
  ASSERT_TRUE(reader.ReadHeader().ok());
  std::vector<CafRecord> records;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<std::optional<CafRecord>> r = reader.Next();
    ASSERT_TRUE(r.ok()) << r.status();
    if (!r->has_value()) break;
    records.push_back(**r);
  }
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[1].address_line, "12 rue du Moulin; bât. C");
  EXPECT_EQ(records[3].kind, CafRecordKind::kChange);
  EXPECT_EQ(records[4].exit_reason, ExitReason::kIncomeAboveThreshold);
}

}  // namespace
}  // namespace parcours::orientation
