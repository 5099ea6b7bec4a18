#include "services/fraud/clients/grpc_contracts_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace parcours::fraud {
namespace {

bool After(const common::v1::Date& d, absl::CivilDay since) {
  return absl::CivilDay(d.year(), d.month(), d.day()) >= since;
}

}  // namespace

GrpcContractsDirectory::GrpcContractsDirectory(std::shared_ptr<grpc::ChannelInterface> channel,
                                               ContractsClientSettings settings)
    : stub_(contracts::v1::Contracts::NewStub(std::move(channel))),
      settings_(std::move(settings)) {}

absl::StatusOr<bool> GrpcContractsDirectory::HasHadContractSince(const std::string& beneficiary_id,
                                                                 absl::CivilDay since) {
  const int64_t now_us = absl::ToUnixMicros(absl::Now());
  if (now_us < paused_until_us_.load()) {
    return absl::UnavailableError("contracts failed a moment ago; not asked again yet");
  }
  client::CallIdentity identity = settings_.identity;
  identity.purpose = "fraud_control";
  contracts::v1::GetTimeWithoutContractRequest req;
  req.set_beneficiary_id(beneficiary_id);
  contracts::v1::GetTimeWithoutContractResponse resp;
  absl::Status s = client::Invoke(
      {.deadline = settings_.deadline, .idempotent = true}, identity,
      [&](grpc::ClientContext& ctx) { return stub_->GetTimeWithoutContract(&ctx, req, &resp); });
  if (!s.ok()) {
    if (s.code() == absl::StatusCode::kUnavailable ||
        s.code() == absl::StatusCode::kDeadlineExceeded) {
      paused_until_us_ = absl::ToUnixMicros(absl::Now() + settings_.open_for);
    }
    return absl::UnavailableError(absl::StrCat("contracts: ", s.ToString()));
  }
  if (resp.contract_in_force()) return true;
  return resp.has_last_day_in_contract() && After(resp.last_day_in_contract(), since);
}

}  // namespace parcours::fraud
