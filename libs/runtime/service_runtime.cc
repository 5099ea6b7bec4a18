#include "libs/runtime/service_runtime.h"

#include <atomic>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/audit/audit_service.h"
#include "libs/auth/jwt_verifier.h"
#include "libs/auth/verified_tokens.h"
#include "libs/cache/open_cache.h"
#include "libs/client/channel.h"
#include "libs/events/event_migrations.h"
#include "libs/events/feed_service.h"
#include "libs/log/log.h"
#include "libs/storage/migrations.h"

namespace parcours::runtime {
namespace {

constexpr int kExitStartFailed = 1;
constexpr int kExitBadConfig = 2;

int Fail(int code, const char* what, const absl::Status& status) {
  log::Error(what, {{"error", status.ToString()}});
  return code;
}

// Errors a retry cannot fix: a schema newer than this binary, a broken migration file.
bool IsPermanent(const absl::Status& s) {
  return s.code() == absl::StatusCode::kFailedPrecondition ||
         s.code() == absl::StatusCode::kInvalidArgument || s.code() == absl::StatusCode::kInternal;
}

struct DatabaseSettings {
  storage::DatabaseOptions options;
};

DatabaseSettings ReadDatabaseSettings(config::ConfigReader& r, const std::string& name) {
  DatabaseSettings s;
  std::string data_dir = r.String("PARCOURS_DATA_DIR", "data");
  s.options.url = r.Secret("DATABASE_URL", absl::StrCat("sqlite://", data_dir, "/", name, ".db"));
  s.options.pool_size = static_cast<int>(r.Int("DATABASE_POOL_SIZE", 8, 1, 256));
  s.options.acquire_timeout = r.Duration("DATABASE_ACQUIRE_TIMEOUT", absl::Seconds(2), absl::Milliseconds(1));
  s.options.connect_timeout = r.Duration("DATABASE_CONNECT_TIMEOUT", absl::Seconds(2), absl::Milliseconds(1));
  s.options.statement_timeout = r.Duration("DATABASE_STATEMENT_TIMEOUT", absl::Seconds(10), absl::Milliseconds(1));
  return s;
}

// OIDC JWTs (OIDC_JWKS_FILE …) and/or static service tokens (AUTH_TOKENS_FILE); at least one.
absl::StatusOr<std::shared_ptr<const auth::TokenVerifier>> OpenVerifier(config::ConfigReader& r) {
  std::vector<std::shared_ptr<const auth::TokenVerifier>> verifiers;
  const std::string jwks_file = r.String("OIDC_JWKS_FILE", "");
  auth::JwtOptions jwt;
  jwt.issuer = r.String("OIDC_ISSUER", "");
  jwt.audience = r.String("OIDC_AUDIENCE", "parcours");
  jwt.roles_claim = r.String("OIDC_ROLES_CLAIM", jwt.roles_claim);
  jwt.territories_claim = r.String("OIDC_TERRITORIES_CLAIM", jwt.territories_claim);
  jwt.structure_claim = r.String("OIDC_STRUCTURE_CLAIM", jwt.structure_claim);
  jwt.clock_skew = r.Duration("OIDC_CLOCK_SKEW", jwt.clock_skew);
  if (!jwks_file.empty()) {
    auto v = auth::JwtVerifier::FromJwksFile(jwks_file, jwt);
    if (!v.ok()) return v.status();
    verifiers.push_back(std::shared_ptr<const auth::TokenVerifier>(*std::move(v)));
  }
  const std::string tokens_file = r.String("AUTH_TOKENS_FILE", "");
  if (!tokens_file.empty()) {
    auto v = auth::StaticTokenVerifier::FromFile(tokens_file);
    if (!v.ok()) return v.status();
    verifiers.push_back(std::shared_ptr<const auth::TokenVerifier>(*std::move(v)));
  }
  if (verifiers.empty()) {
    return absl::InvalidArgumentError(
        "OIDC_JWKS_FILE or AUTH_TOKENS_FILE is required: every call is authenticated "
        "(scripts/run writes a local AUTH_TOKENS_FILE)");
  }
  std::shared_ptr<const auth::TokenVerifier> verifier =
      verifiers.size() == 1 ? verifiers.front()
                            : std::make_shared<auth::ChainVerifier>(std::move(verifiers));
  return std::shared_ptr<const auth::TokenVerifier>(
      std::make_shared<auth::CachingTokenVerifier>(std::move(verifier)));
}

// Applies migrations until they succeed, a permanent error occurs, or `stop` is set.
absl::Status MigrateWithRetry(storage::Database& db, const std::vector<EmbeddedFile>& all,
                              const std::atomic<bool>& stop, absl::Duration give_up_after) {
  const absl::Time give_up = absl::Now() + give_up_after;
  absl::Duration wait = absl::Milliseconds(200);
  while (true) {
    absl::Status s = storage::ApplyMigrations(db, all);
    if (s.ok() || IsPermanent(s)) return s;
    if (stop || absl::Now() >= give_up) return s;
    log::Warn("database not ready; retrying", {{"error", s.ToString()}});
    for (absl::Time until = absl::Now() + wait; !stop && absl::Now() < until;) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    wait = std::min(wait * 2, absl::Seconds(5));
  }
}

}  // namespace

std::vector<EmbeddedFile> AllMigrations(const std::vector<EmbeddedFile>& service_migrations) {
  return storage::WithMigrations(
      storage::WithMigrations(service_migrations, events::OutboxMigrations()),
      audit::AuditMigrations());
}

namespace {

client::ChannelOptions PeerChannelOptions(config::ConfigReader& config,
                                          prometheus::Registry& metrics, const std::string& peer,
                                          int default_port) {
  const std::string upper = absl::AsciiStrToUpper(peer);
  client::ChannelOptions o;
  o.target = config.String(upper + "_ADDR", absl::StrCat("127.0.0.1:", default_port));
  o.tls_ca_file = config.String("PEER_TLS_CA_FILE", "");
  o.tls_cert_file = config.String("PEER_TLS_CERT_FILE", "");
  o.tls_key_file = config.String("PEER_TLS_KEY_FILE", "");
  o.tls_server_name = config.String(upper + "_TLS_SERVER_NAME", "");
  o.load_balancing_policy = "round_robin";
  o.metrics = &metrics;
  return o;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceContext::PeerChannel(const std::string& peer,
                                                                           int default_port) {
  return client::MakeChannel(PeerChannelOptions(config, metrics, peer, default_port));
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceContext::PeerFeedChannel(
    const std::string& peer, int default_port) {
  client::ChannelOptions o = PeerChannelOptions(config, metrics, peer, default_port);
  o.identity = identity;
  return client::MakeChannel(o);
}

int RunService(int argc, char** argv, ServiceDefinition def) {
  config::ConfigReader reader(argc, argv);
  const bool migrate_only = reader.Bool("MIGRATE_ONLY", false);
  const DatabaseSettings db_settings = ReadDatabaseSettings(reader, def.name);
  const std::vector<EmbeddedFile> migrations = AllMigrations(def.migrations);
  // Read in both modes, so that one configuration serves the hook Job and the server.
  server::ServerOptions server_options =
      server::ReadServerOptions(reader, def.name, absl::StrCat("127.0.0.1:", def.grpc_port),
                                absl::StrCat("127.0.0.1:", def.metrics_port));

  if (migrate_only) {
    log::SetProcessField("service", def.name);
    if (absl::Status s = reader.Finish(); !s.ok()) return Fail(kExitBadConfig, "configuration", s);
    absl::StatusOr<std::unique_ptr<storage::Database>> db =
        storage::OpenDatabase(db_settings.options);
    if (!db.ok()) return Fail(kExitBadConfig, "DATABASE_URL", db.status());
    std::atomic<bool> never{false};
    absl::Status s = MigrateWithRetry(**db, migrations, never, absl::Minutes(2));
    if (!s.ok()) return Fail(kExitStartFailed, "migrations failed", s);
    log::Info("migrations applied");
    return 0;
  }

  server::ServiceHost host(server_options);  // before any other thread: signal mask

  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::OpenDatabase(db_settings.options);
  if (!db.ok()) return Fail(kExitBadConfig, "DATABASE_URL", db.status());

  cache::RedisCacheOptions cache_options;
  cache_options.name = def.name;
  cache_options.url = reader.Secret("REDIS_URL", "");
  cache_options.password = reader.Secret("REDIS_PASSWORD", "");
  absl::StatusOr<std::unique_ptr<cache::Cache>> cache =
      cache::OpenCache(cache_options, host.metrics());
  if (!cache.ok()) return Fail(kExitBadConfig, "REDIS_URL", cache.status());

  absl::StatusOr<std::shared_ptr<const auth::TokenVerifier>> verifier = OpenVerifier(reader);
  if (!verifier.ok()) return Fail(kExitBadConfig, "authentication", verifier.status());
  audit::AllowAuditReaders(def.policy);
  def.policy.AllowPublic("/parcours.events.v1.EventFeed/GetFeedHead");  // a sequence number
  def.policy.Allow("/parcours.events.v1.EventFeed/StreamEvents",
                   {"service:evaluation", "service:" + def.name, "service:fraud",
                    "service:contracts", auth::kAdmin});
  auth::RateLimit rate_limit;
  rate_limit.per_second = static_cast<double>(reader.Int("RATE_LIMIT_RPS", 0, 0, 1000000));
  rate_limit.burst = static_cast<double>(reader.Int("RATE_LIMIT_BURST", 0, 0, 1000000));
  auth::Authorizer authorizer(*verifier, def.policy, rate_limit);

  events::FeedNotifier notifier;
  events::Outbox outbox(def.name, notifier);
  events::EventFeedService feed(
      **db, notifier,
      {.source = def.name, .authorize = [&authorizer](grpc::ServerContext* context) {
         absl::StatusOr<auth::CallAuthorization> call = authorizer.Authorize(context);
         if (call.ok()) return grpc::Status::OK;
         return grpc::Status(static_cast<grpc::StatusCode>(call.status().code()),
                             std::string(call.status().message()));
       }});
  audit::AuditLog audit_log(**db);
  audit::AuditLogService audit_service(audit_log, authorizer);

  ServiceContext ctx{.name = def.name,
                     .config = reader,
                     .host = host,
                     .db = **db,
                     .cache = **cache,
                     .outbox = outbox,
                     .feed_notifier = notifier,
                     .authorizer = authorizer,
                     .audit = audit_log,
                     .metrics = host.metrics(),
                     .clock = Clock::Real(),
                     .identity = {reader.Secret("SERVICE_TOKEN", ""), "service"}};
  absl::StatusOr<std::unique_ptr<ServiceParts>> parts = def.build(ctx);
  if (absl::Status s = reader.Finish(); !s.ok()) return Fail(kExitBadConfig, "configuration", s);
  if (!parts.ok()) return Fail(kExitStartFailed, "service could not be built", parts.status());

  host.AddService(&feed, events::v1::EventFeed::service_full_name());
  host.AddService(&audit_service, audit::v1::AuditLog::service_full_name());
  host.AddInterceptors(authorizer.MakeInterceptors());
  std::atomic<bool> stopping{false};
  host.OnShutdown([&] {
    stopping = true;
    feed.Shutdown();
    (*parts)->Stop();
  });
  if (absl::Status s = host.Start(); !s.ok()) return Fail(kExitStartFailed, "start failed", s);

  // Health stays NOT_SERVING until the database answers and the schema is current.
  std::atomic<int> exit_code{0};
  std::thread starter([&] {
    absl::Status s = MigrateWithRetry(**db, migrations, stopping, absl::InfiniteDuration());
    if (s.ok() && !stopping) s = (*parts)->Start();
    if (stopping) return;
    if (!s.ok()) {
      log::Error("service could not start", {{"error", s.ToString()}});
      exit_code = kExitStartFailed;
      host.RequestShutdown();
      return;
    }
    storage::Database* database = db->get();
    host.SetReadinessCheck([database] { return database->Ping(); });
    host.SetServing(true);
  });
  host.WaitForTermination();
  stopping = true;
  starter.join();
  return exit_code;
}

}  // namespace parcours::runtime
