// contracts' payloads: the kind of contract (PACK_SORTIE for fiche 4-2). See
// ExpectedContractChanged in source_payloads.proto.
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/adapters/adapter_support.h"

namespace parcours::evaluation::adapters {
namespace {

const std::vector<const char*> kKinds = {"",     "CER_SOCIAL",         "CER_SOCIO_PROFESSIONAL",
                                         "PPAE", "CONTRAT_ENGAGEMENT", "PACK_SORTIE"};

}  // namespace

absl::Status FillContracts(const google::protobuf::Any& payload, Fact& fact) {
  v1::ExpectedContractChanged p;
  if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
  fact.contract_kind = EnumName(p.kind(), kKinds);
  return absl::OkStatus();
}

}  // namespace parcours::evaluation::adapters
