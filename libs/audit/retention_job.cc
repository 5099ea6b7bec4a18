#include "libs/audit/retention_job.h"

#include "absl/strings/str_cat.h"
#include "libs/log/log.h"

namespace parcours::audit {

RetentionJob::RetentionJob(std::string name, RetentionSettings settings, const Clock& clock,
                           Sweep sweep)
    : name_(std::move(name)), settings_(settings), clock_(clock), sweep_(std::move(sweep)) {}

RetentionJob::~RetentionJob() { Stop(); }

bool RetentionJob::enabled() const {
  return settings_.retention > absl::ZeroDuration() && settings_.interval > absl::ZeroDuration();
}

void RetentionJob::Start() {
  if (!enabled() || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void RetentionJob::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<int64_t> RetentionJob::RunOnce() {
  const absl::Time cutoff = clock_.Now() - settings_.retention;
  absl::StatusOr<int64_t> n = sweep_(cutoff);
  if (!n.ok()) {
    log::Warn("retention sweep failed", {{"job", name_}, {"error", n.status().ToString()}});
  } else if (*n > 0) {
    log::Info("retention sweep", {{"job", name_}, {"records", *n}});
  }
  return n;
}

void RetentionJob::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  do {
    lock.unlock();
    RunOnce().IgnoreError();  // logged; the next run retries
    lock.lock();
  } while (!cv_.wait_for(lock, absl::ToChronoMilliseconds(settings_.interval),
                         [this] { return stopping_; }));
}

auth::CallAuthorization RetentionCall(const std::string& service, const std::string& what,
                                      absl::Time cutoff) {
  auth::CallAuthorization call;
  call.method = "retention/" + what;
  call.principal.subject = "retention-job";
  call.principal.roles = {std::string(auth::kServicePrefix) + service};
  call.principal.territories = {"*"};
  call.purpose = absl::StrCat("retention: older than ", absl::FormatTime(cutoff));
  return call;
}

}  // namespace parcours::audit
