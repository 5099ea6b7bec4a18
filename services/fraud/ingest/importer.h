// One import stream: records are validated one by one (a bad record is rejected with its
// field and reason and never written), the good ones are written in batches, one
// transaction per batch (rows, dirty marks for rescoring, audit records). Natural keys make
// a re-import harmless: an unchanged record changes nothing and marks nothing.
// Declarations, cross-checks and reports name their household by CAF number; an unknown
// number rejects the record ("caf_number": import the household first).
//
//   Importer importer(db, audit, call, clock);
//   while (reader->Read(&record)) RETURN_IF_ERROR(importer.AddHousehold(record));
//   RETURN_IF_ERROR(importer.Finish());
//   const ImportTally& t = importer.tally();
//
// A database error stops the stream (the caller retries the whole import: batches already
// committed are simply found unchanged).
#ifndef PARCOURS_SERVICES_FRAUD_INGEST_IMPORTER_H_
#define PARCOURS_SERVICES_FRAUD_INGEST_IMPORTER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/storage/database.h"
#include "parcours/fraud/v1/fraud.pb.h"
#include "services/fraud/ingest/records.h"
#include "services/fraud/store/file_store.h"

namespace parcours::fraud {

struct ImportRejection {
  int64_t index = 0;
  std::string field;
  std::string reason;
};

struct ImportTally {
  int64_t received = 0;
  int64_t accepted = 0;
  int64_t rejected = 0;
  int64_t marked_for_rescoring = 0;
  std::vector<ImportRejection> rejections;  // the first kMaxRejectionsReported
};

inline constexpr size_t kMaxRejectionsReported = 1000;

class Importer {
 public:
  Importer(storage::Database& db, audit::AuditLog& audit, auth::CallAuthorization call,
           const Clock& clock, size_t batch_size = 500);

  absl::Status AddHousehold(const v1::HouseholdRecord& record);
  absl::Status AddDeclaration(const v1::DeclarationRecord& record);
  absl::Status AddCrossCheck(const v1::CrossCheckRecord& record);
  absl::Status AddReport(const v1::SocialWorkerReport& record);
  // Writes what is still pending.
  absl::Status Finish();

  const ImportTally& tally() const { return tally_; }

 private:
  void Reject(int64_t index, const errors::FieldViolations& v);
  void Reject(int64_t index, std::string field, std::string reason);
  absl::Status FlushHouseholds();
  absl::Status FlushDeclarations();
  absl::Status FlushCrossChecks();
  // Commits rows written by `write` (returns the households changed) with their dirty
  // marks and audit records.
  absl::Status Commit(
      const std::function<absl::StatusOr<std::vector<std::string>>(storage::Transaction&)>& write,
      int64_t rows);

  storage::Database& db_;
  audit::AuditLog& audit_;
  auth::CallAuthorization call_;
  const Clock& clock_;
  const size_t batch_size_;
  FileStore files_;
  ImportTally tally_;
  std::vector<HouseholdFile> households_;
  std::vector<std::pair<int64_t, ByCafNumber<DeclarationInput>>> declarations_;
  std::vector<std::pair<int64_t, ByCafNumber<CrossCheckInput>>> cross_checks_;
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_INGEST_IMPORTER_H_
