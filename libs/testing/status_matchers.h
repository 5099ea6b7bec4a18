// gtest assertions for absl::Status and absl::StatusOr (Debian's GoogleTest and Abseil
// ship none): the failure message shows the status.
//
//   ASSERT_OK(db.Ping());
//   ASSERT_OK_AND_ASSIGN(auto tx, db.Begin(TxMode::kWrite));
//   EXPECT_OK(tx->Commit());
#ifndef PARCOURS_LIBS_TESTING_STATUS_MATCHERS_H_
#define PARCOURS_LIBS_TESTING_STATUS_MATCHERS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "libs/common/status_macros.h"

namespace parcours::testutil {

inline ::testing::AssertionResult IsOk(const absl::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status;
}

template <typename T>
::testing::AssertionResult IsOk(const absl::StatusOr<T>& status_or) {
  return IsOk(status_or.status());
}

}  // namespace parcours::testutil

#ifndef EXPECT_OK
#define EXPECT_OK(expr) EXPECT_TRUE(::parcours::testutil::IsOk(expr))
#endif
#ifndef ASSERT_OK
#define ASSERT_OK(expr) ASSERT_TRUE(::parcours::testutil::IsOk(expr))
#endif
#ifndef ASSERT_OK_AND_ASSIGN
// Asserts `rexpr` (a StatusOr) is OK, then moves its value into `lhs` (may declare).
#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  PARCOURS_ASSERT_OK_AND_ASSIGN_IMPL_(PARCOURS_CONCAT_(parcours_assert_, __LINE__), lhs, rexpr)
#define PARCOURS_ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                        \
  ASSERT_TRUE(::parcours::testutil::IsOk(tmp));              \
  lhs = std::move(tmp).value()
#endif

#endif  // PARCOURS_LIBS_TESTING_STATUS_MATCHERS_H_
