#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "libs/storage/database.h"

namespace parcours::storage {
namespace {

TEST(Row, ConvertsBetweenRepresentations) {
  Row row({Value(int64_t{42}), Value(2.5), Value(std::string("17")),
           Value(Bytes{std::string("a\0b", 3)}), Value()});
  EXPECT_EQ(row.Int(0), 42);
  EXPECT_EQ(row.Text(0), "42");
  EXPECT_DOUBLE_EQ(row.Real(0), 42.0);
  EXPECT_EQ(row.Text(1), "2.5");
  EXPECT_EQ(row.Int(2), 17);  // PostgreSQL text holding a number
  EXPECT_EQ(row.Blob(2), "17");
  EXPECT_EQ(row.Blob(3), std::string("a\0b", 3));
  EXPECT_TRUE(row.IsNull(4));
  EXPECT_FALSE(row.IsNull(0));
  EXPECT_EQ(row.OptInt(4), std::nullopt);
  EXPECT_EQ(row.OptText(4), std::nullopt);
  EXPECT_EQ(row.Int(4), 0);
  EXPECT_EQ(row.OptInt(0), 42);
  EXPECT_FALSE(row.Bool(4));
  EXPECT_TRUE(row.Bool(0));
}

TEST(Row, RealTextReadsBackExactly) {
  Row row({Value(0.1), Value(std::numeric_limits<double>::max())});
  EXPECT_EQ(row.Text(0), "0.1");
  Row back({Value(row.Text(1))});
  EXPECT_EQ(back.Real(0), std::numeric_limits<double>::max());
}

TEST(Param, BuildsTheExpectedValues) {
  std::optional<int64_t> none;
  std::optional<std::string> some = "x";
  Params params = {nullptr,          7,    int64_t{8}, true,      1.5, "s",
                   std::string("t"), none, some,       Bytes{"b"}};
  EXPECT_TRUE(std::holds_alternative<std::monostate>(params[0].value()));
  EXPECT_EQ(std::get<int64_t>(params[1].value()), 7);
  EXPECT_EQ(std::get<int64_t>(params[2].value()), 8);
  EXPECT_EQ(std::get<int64_t>(params[3].value()), 1);
  EXPECT_EQ(std::get<double>(params[4].value()), 1.5);
  EXPECT_EQ(std::get<std::string>(params[5].value()), "s");
  EXPECT_EQ(std::get<std::string>(params[6].value()), "t");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(params[7].value()));
  EXPECT_EQ(std::get<std::string>(params[8].value()), "x");
  EXPECT_EQ(std::get<Bytes>(params[9].value()).data, "b");
}

TEST(RowDeathTest, ColumnPastTheEndAborts) {
  Row row({Value(int64_t{1})});
  EXPECT_DEATH(row.Int(1), "column 1 of a row of 1");
}

}  // namespace
}  // namespace parcours::storage
