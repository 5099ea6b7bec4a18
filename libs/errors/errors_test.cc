#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"

namespace parcours::errors {
namespace {

TEST(FieldViolations, EmptyIsOk) { EXPECT_TRUE(FieldViolations().ToStatus().ok()); }

TEST(FieldViolations, NamesEveryFieldInOrder) {
  FieldViolations v;
  v.Add("offer.title", "must not be empty");
  FieldViolations session;
  session.Add("places", "must be > 0");
  v.Merge("offer.sessions[2]", session);
  absl::Status s = v.ToStatus();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("offer.title: must not be empty"), std::string::npos);
  auto list = ViolationsOf(s);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].field, "offer.title");
  EXPECT_EQ(list[1].field, "offer.sessions[2].places");
  EXPECT_EQ(list[1].description, "must be > 0");
}

TEST(GrpcStatus, CodesMapOneToOne) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  const absl::Status cases[] = {
      absl::NotFoundError("x"),        absl::FailedPreconditionError("x"),
      absl::AbortedError("x"),         absl::AlreadyExistsError("x"),
      absl::UnavailableError("x"),     absl::ResourceExhaustedError("x"),
      absl::PermissionDeniedError("x"), absl::UnauthenticatedError("x"),
      absl::DeadlineExceededError("x"), absl::InternalError("x")};
  for (const absl::Status& s : cases) {
    grpc::Status g = ToGrpcStatus(s);
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(s.code()));
    EXPECT_EQ(g.error_message(), "x");
    EXPECT_TRUE(g.error_details().empty());
    EXPECT_EQ(FromGrpcStatus(g), s);
  }
}

TEST(GrpcStatus, FieldViolationsTravelAsBadRequestDetails) {
  grpc::Status g = ToGrpcStatus(InvalidField("request_id", "must not be empty"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  EXPECT_EQ(details.code(), 3);
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest br;
  ASSERT_TRUE(details.details(0).UnpackTo(&br));
  ASSERT_EQ(br.field_violations_size(), 1);
  EXPECT_EQ(br.field_violations(0).field(), "request_id");

  auto back = ViolationsOf(FromGrpcStatus(g));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].field, "request_id");
}

}  // namespace
}  // namespace parcours::errors
