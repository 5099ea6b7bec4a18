// The orientation service: configuration → database and migrations → reference data →
// server. Everything else is in the library (service.h, store/, domain/).
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "libs/audit/audit_log.h"
#include "libs/audit/audit_service.h"
#include "libs/audit/retention_job.h"
#include "libs/auth/authorizer.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/feed_service.h"
#include "libs/events/outbox.h"
#include "libs/log/log.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"
#include "libs/storage/migrations.h"
#include "services/orientation/authorization.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/orientation_metrics.h"
#include "services/orientation/orientation_settings.h"
#include "services/orientation/service.h"
#include "services/orientation/store/migrations.h"
#include "services/orientation/store/retention.h"
#include "services/orientation/store/sql_orientation_store.h"

namespace po = parcours::orientation;

namespace {

int Fail(const std::string& what, const absl::Status& status) {
  parcours::log::Error(what, {{"error", status.ToString()}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  parcours::log::SetProcessField("service", "orientation");
  parcours::config::ConfigReader reader(argc, argv);
  parcours::server::ServerOptions options = parcours::server::ReadServerOptions(
      reader, "orientation", "127.0.0.1:50052", "127.0.0.1:9462");
  const po::OrientationSettings settings = po::ReadOrientationSettings(reader);
  // Data protection: identities of those who left the RSA this long ago are anonymised.
  const parcours::audit::RetentionSettings retention{
      .retention = absl::Hours(24) * reader.Int("RETENTION_BENEFICIARY_DAYS", 1095, 0, 36500),
      .interval = reader.Duration("RETENTION_INTERVAL", absl::Hours(24))};
  if (absl::Status s = reader.Finish(); !s.ok()) return Fail("bad configuration", s);

  absl::StatusOr<po::ReferenceData> data = po::LoadReferenceData(settings);
  if (!data.ok()) return Fail("reference data", data.status());
  auto verifier = parcours::auth::StaticTokenVerifier::FromFile(settings.auth_tokens_file);
  if (!verifier.ok()) return Fail("AUTH_TOKENS_FILE", verifier.status());

  parcours::server::ServiceHost host(options);  // before any other thread
  parcours::auth::Authorizer authorizer(
      std::shared_ptr<const parcours::auth::TokenVerifier>(std::move(*verifier)),
      po::OrientationPolicy());
  host.AddInterceptors(authorizer.MakeInterceptors());

  auto db = parcours::storage::OpenDatabase({settings.database_url});
  if (!db.ok()) return Fail("DATABASE_URL", db.status());
  parcours::events::FeedNotifier notifier;
  parcours::events::Outbox outbox(po::kEventSource, notifier);
  po::SqlOrientationStore store(**db, outbox);
  parcours::audit::AuditLog audit(**db);
  po::OrientationMetrics metrics(host.metrics());
  po::OrientationService service({&store, &audit, &authorizer, &data->territories, &data->rules,
                                  &parcours::Clock::Real(), &metrics, settings});
  parcours::events::EventFeedService feed(**db, notifier, {.source = po::kEventSource});
  parcours::audit::AuditLogService audit_service(audit, authorizer);
  host.AddService(&service, po::v1::Orientation::service_full_name());
  host.AddService(&feed, parcours::events::v1::EventFeed::service_full_name());
  host.AddService(&audit_service, parcours::audit::v1::AuditLog::service_full_name());
  if (absl::Status s = host.Start(); !s.ok()) return Fail("server start", s);

  if (absl::Status s = parcours::storage::ApplyMigrations(**db, po::AllMigrations()); !s.ok()) {
    return Fail("migrations", s);
  }
  host.SetReadinessCheck([&] { return (*db)->Ping(); });
  host.SetServing(true);

  parcours::audit::RetentionJob retention_job(
      "orientation exited beneficiaries", retention, parcours::Clock::Real(),
      [&](absl::Time cutoff) { return po::AnonymiseExitedBeneficiaries(**db, audit, cutoff); });
  retention_job.Start();  // after the migrations; stopped (destroyed) before the database

  // Queue gauges from the database on a timer: any replica computes the same figures.
  std::atomic<bool> stop{false};
  std::thread gauges([&] {
    while (!stop) {
      if (absl::Status s = service.RefreshQueueGauges(); !s.ok()) {
        parcours::log::Warn("queue gauges not refreshed", {{"error", s.ToString()}});
      }
      for (absl::Duration waited; waited < settings.queue_gauges_interval && !stop;
           waited += absl::Milliseconds(200)) {
        absl::SleepFor(absl::Milliseconds(200));
      }
    }
  });
  host.OnShutdown([&] {
    stop = true;
    feed.Shutdown();  // followers' streams end first, so draining does not wait on them
  });
  parcours::log::Info("orientation ready",
                      {{"grpc_port", host.grpc_port()},
                       {"communes", static_cast<int64_t>(data->territories.commune_count())},
                       {"rules_version", data->rules.version()}});
  const int code = host.WaitForTermination();
  stop = true;
  gauges.join();
  return code;
}
