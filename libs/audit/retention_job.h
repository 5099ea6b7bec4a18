// Data-protection retention: a background job that, every `interval`, runs `sweep` with the
// cutoff now − `retention` (records whose clock — exit from the RSA, closing of a case —
// started before the cutoff are anonymised or purged by the sweep). Each service says what
// its sweep does; the job only keeps time and logs. Interval or retention zero: off.
//
//   RetentionJob job("fraud cases", {.retention = absl::Hours(24 * 1825),
//                                    .interval = absl::Hours(24)},
//                    clock, [&](absl::Time cutoff) { return AnonymiseClosedCases(db, audit,
//                    cutoff); });
//   job.Start();  ...  job.Stop();
//
// The sweeps write an audit record per record they change, as the retention job's own
// principal (RetentionCall()).
#ifndef PARCOURS_LIBS_AUDIT_RETENTION_JOB_H_
#define PARCOURS_LIBS_AUDIT_RETENTION_JOB_H_

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"

namespace parcours::audit {

struct RetentionSettings {
  absl::Duration retention = absl::ZeroDuration();  // zero: the job is off
  absl::Duration interval = absl::Hours(24);
};

class RetentionJob {
 public:
  using Sweep = std::function<absl::StatusOr<int64_t>(absl::Time cutoff)>;

  RetentionJob(std::string name, RetentionSettings settings, const Clock& clock, Sweep sweep);
  ~RetentionJob();  // Stop()

  bool enabled() const;
  void Start();  // no-op when disabled
  void Stop();
  // One sweep now (tests and the first run at start); returns how many records it changed.
  absl::StatusOr<int64_t> RunOnce();

 private:
  void Loop();

  const std::string name_;
  const RetentionSettings settings_;
  const Clock& clock_;
  Sweep sweep_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

// The principal the sweeps' audit records carry: subject "retention-job", the service's
// identity, method "retention/<what>", purpose naming the cutoff.
auth::CallAuthorization RetentionCall(const std::string& service, const std::string& what,
                                      absl::Time cutoff);

}  // namespace parcours::audit

#endif  // PARCOURS_LIBS_AUDIT_RETENTION_JOB_H_
