#include "services/contracts/contracts_server.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "libs/log/log.h"

namespace parcours::contracts {

ContractsOptions ReadContractsOptions(config::ConfigReader& r) {
  ContractsOptions o;
  o.rules_file = r.String("CONTRACTS_RULES_FILE", "");
  o.job_interval = r.Duration("CONTRACTS_JOB_INTERVAL", absl::Hours(1));
  o.gauge_interval = r.Duration("CONTRACTS_GAUGE_INTERVAL", absl::Seconds(30));
  o.k_anonymity = static_cast<int>(r.Int("CONTRACTS_K_ANONYMITY", 5, 1, 1000));
  o.follow_orientation = r.Bool("CONTRACTS_FOLLOW_ORIENTATION", true);
  o.peer_deadline = r.Duration("PEER_DEADLINE", absl::Seconds(2), absl::Milliseconds(1));
  o.tads = absl::StrSplit(r.String("CONTRACTS_TADS",
                                   "TAD-CENTRE,TAD-EST,TAD-NORD-EST,TAD-NORD-OUEST,TAD-SUD-EST,"
                                   "TAD-SUD-OUEST"),
                          ',', absl::SkipEmpty());
  return o;
}

absl::StatusOr<ContractRules> LoadRules(const std::string& file) {
  if (file.empty()) return ParseContractRules(DefaultRulesFiles().at(0).contents);
  std::ifstream in(file);
  if (!in) return absl::InvalidArgumentError("CONTRACTS_RULES_FILE: cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  return ParseContractRules(text.str());
}

ContractsParts::ContractsParts(runtime::ServiceContext& ctx, ContractsOptions options,
                               ContractRules rules, Peers peers)
    : options_(std::move(options)),
      rules_(std::move(rules)),
      clock_(ctx.clock),
      peers_(std::move(peers)),
      store_(ctx.db, ctx.outbox, ctx.clock),
      contracts_(store_, *peers_.orientation, *peers_.catalogue, rules_, ctx.clock),
      procedures_(store_, *peers_.orientation, rules_, ctx.clock),
      job_(store_, contracts_, procedures_),
      metrics_(ctx.metrics, options_.tads),
      service_({.authorizer = ctx.authorizer,
                .audit = ctx.audit,
                .store = store_,
                .contracts = contracts_,
                .procedures = procedures_,
                .job = job_,
                .rules = rules_,
                .clock = ctx.clock,
                .k_anonymity = options_.k_anonymity,
                .after_job = [this] { (void)metrics_.Refresh(store_, clock_.Today()); }}),
      projection_(store_, *peers_.decoder, rules_),
      db_(ctx.db) {}

ContractsParts::~ContractsParts() { Stop(); }

absl::Status ContractsParts::Start() {
  if (peers_.orientation_feed != nullptr) {
    consumer_ = std::make_unique<events::FeedConsumer>(
        peers_.orientation_feed, db_, projection_,
        events::FeedConsumerOptions{.feed = "orientation", .types = FollowedOrientationEvents()});
    if (absl::Status s = consumer_->Start(); !s.ok()) return s;
  }
  background_ = std::thread([this] { BackgroundLoop(); });
  return absl::OkStatus();
}

void ContractsParts::Stop() {
  stop_ = true;
  if (!stopped_.HasBeenNotified()) stopped_.Notify();
  if (background_.joinable()) background_.join();
  if (consumer_ != nullptr) consumer_->Stop();
}

// Gauges every gauge_interval; the deadline job every job_interval (first run at start:
// a replica that was down catches up at once).
void ContractsParts::BackgroundLoop() {
  absl::Time next_job = clock_.Now();
  while (!stop_) {
    if (options_.job_interval > absl::ZeroDuration() && clock_.Now() >= next_job) {
      absl::StatusOr<DeadlineJobResult> r = job_.RunOnce(clock_.Today());
      if (!r.ok()) {
        log::Warn("deadline job failed", {{"error", r.status().ToString()}});
      } else {
        log::Info("deadline job", {{"contracts_expired", int64_t{r->contracts_expired}},
                                   {"procedures_opened", int64_t{r->procedures_opened}},
                                   {"procedures_advanced", int64_t{r->procedures_advanced}}});
      }
      next_job = clock_.Now() + options_.job_interval;
    }
    if (absl::Status s = metrics_.Refresh(store_, clock_.Today()); !s.ok()) {
      log::Warn("gauges not refreshed", {{"error", s.ToString()}});
    }
    stopped_.WaitForNotificationWithTimeout(options_.gauge_interval);
  }
}

absl::StatusOr<std::unique_ptr<ContractsParts>> BuildContracts(runtime::ServiceContext& ctx,
                                                               ContractsOptions options,
                                                               Peers peers) {
  absl::StatusOr<ContractRules> rules = LoadRules(options.rules_file);
  if (!rules.ok()) return rules.status();
  if (peers.orientation == nullptr || peers.catalogue == nullptr || peers.decoder == nullptr) {
    return absl::InvalidArgumentError("contracts: orientation, catalogue and decoder are required");
  }
  auto parts = std::make_unique<ContractsParts>(ctx, std::move(options), *std::move(rules),
                                                std::move(peers));
  ctx.host.AddService(&parts->service(), v1::Contracts::service_full_name());
  return parts;
}

}  // namespace parcours::contracts
