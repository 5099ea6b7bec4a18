#include "services/fraud/build.h"

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "libs/audit/retention_job.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "services/fraud/metrics.h"
#include "services/fraud/scoring/file_scorer.h"
#include "services/fraud/service.h"
#include "services/fraud/store/retention.h"

namespace parcours::fraud {
namespace {

absl::StatusOr<std::string> Embedded(const std::string& name) {
  for (const EmbeddedFile& f : DefaultConfigFiles()) {
    if (f.name == name) return f.contents;
  }
  return absl::InternalError("missing embedded " + name);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything the running service keeps alive, and the background rescoring loop.
class FraudParts final : public runtime::ServiceParts {
 public:
  FraudParts(runtime::ServiceContext& ctx, std::unique_ptr<ContractsDirectory> contracts,
             std::shared_ptr<const RuleSet> rules, FinePolicy fines, ScorerOptions options,
             absl::Duration rescore_interval)
      : db_(ctx.db),
        contracts_(std::move(contracts)),
        fines_(std::move(fines)),
        metrics_(ctx.metrics),
        scorer_(ctx.db, ctx.outbox, *contracts_, ctx.clock, std::move(rules), metrics_, options),
        service_(
            {ctx.db, ctx.outbox, ctx.authorizer, ctx.audit, ctx.clock, scorer_, metrics_, fines_}),
        rescore_interval_(rescore_interval) {
    ctx.host.AddService(&service_, v1::Fraud::service_full_name());
  }
  ~FraudParts() override { Stop(); }

  // Data protection: anonymises households whose cases closed longer ago than the retention.
  void SetRetention(std::unique_ptr<audit::RetentionJob> job) { retention_ = std::move(job); }

  absl::Status Start() override {
    RETURN_IF_ERROR(metrics_.Refresh(db_));
    if (retention_) retention_->Start();
    if (rescore_interval_ > absl::ZeroDuration()) {
      rescorer_ = std::thread([this] { RescoreLoop(); });
    }
    return absl::OkStatus();
  }

  void Stop() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (rescorer_.joinable()) rescorer_.join();
    if (retention_) retention_->Stop();
  }

 private:
  void RescoreLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, absl::ToChronoMilliseconds(rescore_interval_),
                         [this] { return stopping_; })) {
      lock.unlock();
      absl::StatusOr<BatchProgress> p = scorer_.RescoreDirty(10000);
      if (!p.ok()) {
        log::Warn("incremental rescoring failed", {{"error", p.status().ToString()}});
      } else if (p->files_scored > 0) {
        log::Info("rescored files",
                  {{"files", p->files_scored}, {"cases_opened", p->cases_opened}});
      }
      lock.lock();
    }
  }

  storage::Database& db_;
  std::unique_ptr<ContractsDirectory> contracts_;
  FinePolicy fines_;
  FraudMetrics metrics_;
  FileScorer scorer_;
  FraudService service_;
  absl::Duration rescore_interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread rescorer_;
  std::unique_ptr<audit::RetentionJob> retention_;
};

}  // namespace

absl::StatusOr<RuleSet> DefaultRuleSet() {
  ASSIGN_OR_RETURN(std::string text, Embedded("rules.json"));
  return ParseRuleSet(text);
}

absl::StatusOr<FinePolicy> DefaultFinePolicy() {
  ASSIGN_OR_RETURN(std::string text, Embedded("fines.json"));
  return ParseFinePolicy(text);
}

absl::StatusOr<std::unique_ptr<runtime::ServiceParts>> BuildService(
    runtime::ServiceContext& ctx, std::unique_ptr<ContractsDirectory> contracts) {
  const std::string rules_file = ctx.config.String("FRAUD_RULES_FILE", "");
  const std::string fines_file = ctx.config.String("FRAUD_FINES_FILE", "");
  ScorerOptions options;
  options.case_cooldown = ctx.config.Duration("FRAUD_CASE_COOLDOWN", absl::Hours(24 * 365));
  const absl::Duration rescore_interval =
      ctx.config.Duration("FRAUD_RESCORE_INTERVAL", absl::Seconds(60));

  ASSIGN_OR_RETURN(std::string rules_text,
                   rules_file.empty() ? Embedded("rules.json") : ReadFile(rules_file));
  absl::StatusOr<RuleSet> rules = ParseRuleSet(rules_text);
  if (!rules.ok()) {
    return absl::InvalidArgumentError("FRAUD_RULES_FILE: " + rules.status().ToString());
  }
  ASSIGN_OR_RETURN(std::string fines_text,
                   fines_file.empty() ? Embedded("fines.json") : ReadFile(fines_file));
  absl::StatusOr<FinePolicy> fines = ParseFinePolicy(fines_text);
  if (!fines.ok()) {
    return absl::InvalidArgumentError("FRAUD_FINES_FILE: " + fines.status().ToString());
  }
  log::Info("fraud rule set loaded", {{"version", rules->version}});
  auto parts = std::make_unique<FraudParts>(ctx, std::move(contracts),
                                            std::make_shared<const RuleSet>(*std::move(rules)),
                                            *std::move(fines), options, rescore_interval);
  audit::RetentionSettings retention{
      .retention = absl::Hours(24) * ctx.config.Int("RETENTION_FRAUD_CASE_DAYS", 1825, 0, 36500),
      .interval = ctx.config.Duration("RETENTION_INTERVAL", absl::Hours(24))};
  storage::Database& db = ctx.db;
  audit::AuditLog& audit = ctx.audit;
  parts->SetRetention(std::make_unique<audit::RetentionJob>(
      "fraud closed cases", retention, ctx.clock,
      [&db, &audit](absl::Time cutoff) { return AnonymiseClosedCases(db, audit, cutoff); }));
  return parts;
}

}  // namespace parcours::fraud
