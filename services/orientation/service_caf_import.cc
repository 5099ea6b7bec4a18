// Handler: CAF flow import (client streaming). Records are validated one by one as they
// arrive; good ones are applied in batches of CAF_IMPORT_BATCH records, each batch one
// transaction, by a writer thread, so that reading the stream overlaps the writes. A stream cut in
// the middle leaves the batches already committed, and replaying the whole flow afterwards is safe:
// applied records are recognised by their import key and reported unchanged.
#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "libs/common/bounded_queue.h"
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
    std::vector<CafRejection> rejections;  // validator's, then the store's
    int64_t received = 0;
    // The writer applies batches while this thread reads and validates the next one; two
    // batches in flight at most, so a slow database slows the client (flow control).
    BoundedQueue<std::vector<IndexedCafRecord>> queue(2);
    CafBatchResult written;
    absl::Status write_status;
    std::atomic<bool> write_failed{false};
    std::thread writer([&] {
      while (std::optional<std::vector<IndexedCafRecord>> batch = queue.Pop()) {
        if (write_failed) continue;  // drain without writing after a failure
        absl::StatusOr<CafBatchResult> r = d_.store->ImportCafBatch(*batch, d_.clock->Now());
        if (!r.ok()) {
          write_status = r.status();
          write_failed = true;
          continue;
        }
        written.applied += r->applied;
        written.unchanged += r->unchanged;
        written.rejections.insert(written.rejections.end(), r->rejections.begin(),
                                  r->rejections.end());
      }
    });
    std::vector<IndexedCafRecord> batch;
    batch.reserve(d_.settings.caf_import_batch);
    v1::CafRecord in;
    while (!write_failed && reader->Read(&in)) {  // ends with the client's stream
      const int64_t index = received++;
      CafRecord record = CafRecordFromProto(in);
      if (std::optional<CafRejection> r = validator.Check(index, record)) {
        rejections.push_back(*r);
        continue;
      }
      std::optional<Territory> territory;
      if (!record.commune_insee.empty())
        territory = d_.territories->ForCommune(record.commune_insee);
      batch.push_back({index, std::move(record), std::move(territory)});
      if (static_cast<int>(batch.size()) >= d_.settings.caf_import_batch) {
        queue.Push(std::move(batch));
        batch = {};
        batch.reserve(d_.settings.caf_import_batch);
      }
    }
    if (!batch.empty()) queue.Push(std::move(batch));
    queue.Close();
    writer.join();
    if (write_failed) return write_status;  // committed batches stay; a replay is safe

    rejections.insert(rejections.end(), written.rejections.begin(), written.rejections.end());
    std::sort(rejections.begin(), rejections.end(),
              [](const CafRejection& a, const CafRejection& b) { return a.index < b.index; });
    for (const CafRejection& r : rejections) {
      if (resp->rejections_size() >= kMaxRejectionsReported) break;
      v1::CafRecordRejection* out = resp->add_rejections();
      out->set_index(r.index);
      out->set_field(r.field);
      out->set_reason(r.reason);
    }
    const int64_t rejected = static_cast<int64_t>(rejections.size());
    resp->set_received(received);
    resp->set_applied(written.applied);
    resp->set_unchanged(written.unchanged);
    resp->set_rejected(rejected);
    d_.metrics->CountCafRecords(written.applied, written.unchanged, rejected);
    log::Info("caf flow imported", {{"received", received},
                                    {"applied", written.applied},
                                    {"unchanged", written.unchanged},
                                    {"rejected", rejected}});
    return absl::OkStatus();
  });
}

}  // namespace parcours::orientation
