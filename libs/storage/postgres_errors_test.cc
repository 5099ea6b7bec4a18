#include "libs/storage/postgres_errors.h"

#include "gtest/gtest.h"

namespace parcours::storage {
namespace {

TEST(StatusCodeForSqlState, MapsTheClassesServicesActOn) {
  using Code = absl::StatusCode;
  EXPECT_EQ(StatusCodeForSqlState("23505"), Code::kAlreadyExists);
  EXPECT_EQ(StatusCodeForSqlState("23503"), Code::kFailedPrecondition);  // foreign key
  EXPECT_EQ(StatusCodeForSqlState("23514"), Code::kFailedPrecondition);  // check
  EXPECT_EQ(StatusCodeForSqlState("40001"), Code::kAborted);
  EXPECT_EQ(StatusCodeForSqlState("40P01"), Code::kAborted);
  EXPECT_EQ(StatusCodeForSqlState("57014"), Code::kDeadlineExceeded);
  EXPECT_EQ(StatusCodeForSqlState("08006"), Code::kUnavailable);
  EXPECT_EQ(StatusCodeForSqlState("57P01"), Code::kUnavailable);
  EXPECT_EQ(StatusCodeForSqlState("57P03"), Code::kUnavailable);
  EXPECT_EQ(StatusCodeForSqlState("53300"), Code::kUnavailable);
  EXPECT_EQ(StatusCodeForSqlState("53100"), Code::kResourceExhausted);
  EXPECT_EQ(StatusCodeForSqlState("22P02"), Code::kInvalidArgument);
  EXPECT_EQ(StatusCodeForSqlState("42P01"), Code::kInternal);
  EXPECT_EQ(StatusCodeForSqlState(""), Code::kInternal);
}

}  // namespace
}  // namespace parcours::storage
