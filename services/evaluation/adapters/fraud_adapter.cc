// fraud's payloads: the case's status and running amounts (overpayment, fine,
// recovered). See ExpectedCaseEvent in source_payloads.proto.
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/adapters/adapter_support.h"

namespace parcours::evaluation::adapters {
namespace {

constexpr int kQualifiedFraud = 4;

}  // namespace

absl::Status FillFraud(const google::protobuf::Any& payload, Fact& fact) {
  v1::ExpectedCaseEvent p;
  if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
  if (p.overpayment_cents() < 0 || p.fine_cents() < 0 || p.recovered_cents() < 0) {
    return absl::InvalidArgumentError("case: negative amount");
  }
  fact.qualified_fraud = p.status() == kQualifiedFraud;
  fact.overpayment_cents = p.overpayment_cents();
  fact.fine_cents = p.fine_cents();
  fact.recovered_cents = p.recovered_cents();
  fact.year_opened = p.year_opened();
  return absl::OkStatus();
}

}  // namespace parcours::evaluation::adapters
