// Invalid requests are answered with INVALID_ARGUMENT naming every offending field, as
// google.rpc.BadRequest field violations that any gRPC client can decode.
//
//   FieldViolations v;
//   if (offer.title().empty()) v.Add("offer.title", "must not be empty");
//   if (offer.capacity() < 0) v.Add("offer.capacity", "must be >= 0");
//   RETURN_IF_ERROR(v.ToStatus());   // OK when nothing was added
//
// The violations travel inside the absl::Status as a payload, so domain code can return
// them without knowing about gRPC; libs/errors/grpc_status.h turns them into the
// `grpc-status-details-bin` trailer.
#ifndef PARCOURS_LIBS_ERRORS_FIELD_VIOLATIONS_H_
#define PARCOURS_LIBS_ERRORS_FIELD_VIOLATIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace parcours::errors {

struct FieldViolation {
  std::string field;        // path in the request, e.g. "offer.sessions[2].places"
  std::string description;  // why, for a human
};

class FieldViolations {
 public:
  // Records that `field` is invalid. Fields are reported in the order added.
  void Add(std::string field, std::string description);
  // Adds every violation of `other` with `prefix` + "." prepended to its field.
  void Merge(const std::string& prefix, const FieldViolations& other);

  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& list() const { return violations_; }

  // OK when empty; otherwise INVALID_ARGUMENT whose message lists the fields and whose
  // payload carries the violations.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT for a single field.
absl::Status InvalidField(std::string field, std::string description);

// The violations carried by `status` (empty if none).
std::vector<FieldViolation> ViolationsOf(const absl::Status& status);

// The payload type URL used inside absl::Status (same as the Any type URL on the wire).
inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

}  // namespace parcours::errors

#endif  // PARCOURS_LIBS_ERRORS_FIELD_VIOLATIONS_H_
