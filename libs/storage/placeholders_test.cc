#include "libs/storage/placeholders.h"

#include "gtest/gtest.h"

namespace parcours::storage {
namespace {

TEST(Placeholders, ListsThem) {
  EXPECT_EQ(Placeholders(0), "");
  EXPECT_EQ(Placeholders(1), "?");
  EXPECT_EQ(Placeholders(3), "?, ?, ?");
}

TEST(RowPlaceholders, ListsRowsOfColumns) {
  EXPECT_EQ(RowPlaceholders(0, 3), "");
  EXPECT_EQ(RowPlaceholders(1, 1), "(?)");
  EXPECT_EQ(RowPlaceholders(2, 3), "(?, ?, ?), (?, ?, ?)");
}

TEST(RowRuns, PowersOfTwoLargestFirst) {
  EXPECT_TRUE(RowRuns(0, 32).empty());
  EXPECT_EQ(RowRuns(45, 32), (std::vector<size_t>{32, 8, 4, 1}));
  EXPECT_EQ(RowRuns(64, 32), (std::vector<size_t>{32, 32}));
  EXPECT_EQ(RowRuns(7, 1), (std::vector<size_t>{1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(RowRuns(2, 200), (std::vector<size_t>{2}));  // a limit that is no power of two
  EXPECT_EQ(RowRuns(403, 200), (std::vector<size_t>{200, 200, 2, 1}));
  EXPECT_EQ(RowRuns(2, 0), (std::vector<size_t>{1, 1}));
  for (size_t rows = 0; rows < 1100; ++rows) {
    size_t total = 0;
    for (size_t run : RowRuns(rows, 256)) total += run;
    EXPECT_EQ(total, rows);
  }
}

}  // namespace
}  // namespace parcours::storage
