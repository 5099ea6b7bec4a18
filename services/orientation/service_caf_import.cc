// Handler: CAF flow import (client streaming). Records are validated one by one as they
// arrive; good ones are applied in batches of CAF_IMPORT_BATCH records, each batch one
// transaction. A stream cut in the middle leaves the batches already committed, and
// replaying the whole flow afterwards is safe: applied records are recognised by their
// import key and reported unchanged.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"

namespace parcours::orientation {
namespace {

constexpr int kMaxRejectionsReported = 1000;

}  // namespace

grpc::Status OrientationService::ImportCafFlow(grpc::ServerContext* ctx,
                                               grpc::ServerReader<v1::CafRecord>* reader,
                                               v1::ImportCafFlowResponse* resp) {
  return Run(ctx, {"caf_flow", ""}, [&](const Caller&) -> absl::Status {
    CafFlowValidator validator(*d_.territories, d_.clock->Today());
    std::vector<IndexedCafRecord> batch;
    batch.reserve(d_.settings.caf_import_batch);
    int64_t received = 0, applied = 0, unchanged = 0, rejected = 0;
    auto reject = [&](const CafRejection& r) {
      ++rejected;
      if (resp->rejections_size() < kMaxRejectionsReported) {
        v1::CafRecordRejection* out = resp->add_rejections();
        out->set_index(r.index);
        out->set_field(r.field);
        out->set_reason(r.reason);
      }
    };
    auto flush = [&]() -> absl::Status {
      if (batch.empty()) return absl::OkStatus();
      ASSIGN_OR_RETURN(CafBatchResult result, d_.store->ImportCafBatch(batch, d_.clock->Now()));
      applied += result.applied;
      unchanged += result.unchanged;
      for (const CafRejection& r : result.rejections) reject(r);
      batch.clear();
      return absl::OkStatus();
    };
    v1::CafRecord in;
    while (reader->Read(&in)) {  // ends with the client's stream
      const int64_t index = received++;
      CafRecord record = CafRecordFromProto(in);
      if (std::optional<CafRejection> r = validator.Check(index, record)) {
        reject(*r);
        continue;
      }
      std::optional<Territory> territory;
      if (!record.commune_insee.empty()) territory = d_.territories->ForCommune(record.commune_insee);
      batch.push_back({index, std::move(record), std::move(territory)});
      if (static_cast<int>(batch.size()) >= d_.settings.caf_import_batch) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(flush());
    // Rejections from a batch come after the validator's: report them in flow order.
    std::sort(resp->mutable_rejections()->begin(), resp->mutable_rejections()->end(),
              [](const auto& a, const auto& b) { return a.index() < b.index(); });
    resp->set_received(received);
    resp->set_applied(applied);
    resp->set_unchanged(unchanged);
    resp->set_rejected(rejected);
    d_.metrics->CountCafRecords(applied, unchanged, rejected);
    log::Info("caf flow imported", {{"received", received}, {"applied", applied},
                                    {"unchanged", unchanged}, {"rejected", rejected}});
    return absl::OkStatus();
  });
}

}  // namespace parcours::orientation
