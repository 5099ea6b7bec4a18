// catalogue: the insertion offer, its search, prescriptions and mobilisation figures.
// Reads its configuration, opens the database (migrations applied) and the cache, and
// runs one replica until SIGTERM.
//
// Configuration (flags or environment, see libs/config): GRPC_ADDRESS (127.0.0.1:50051),
// METRICS_ADDRESS (127.0.0.1:9461), DATABASE_URL (sqlite://data/catalogue.db), REDIS_URL
// (empty: cache off), REDIS_PASSWORD[_FILE], LOCAL_CACHE_TTL (1s: how long this replica
// keeps an offer in its own memory if its feed is broken; 0s: no local level), AUTH_TOKENS_FILE
// (static tokens, required), FEED_TOKEN[_FILE] (this replica's "service:catalogue" token,
// required).
#include <memory>

#include "libs/auth/token_verifier.h"
#include "libs/cache/open_cache.h"
#include "libs/config/config.h"
#include "libs/events/event_migrations.h"
#include "libs/log/log.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"
#include "libs/storage/migrations.h"
#include "services/catalogue/catalogue_server.h"
#include "services/catalogue/store/schema.h"

namespace {

int Fail(const char* what, const absl::Status& status) {
  parcours::log::Error(what, {{"error", status.ToString()}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parcours;  // NOLINT: main only
  config::ConfigReader reader(argc, argv);
  server::ServerOptions options =
      server::ReadServerOptions(reader, "catalogue", "127.0.0.1:50051", "127.0.0.1:9461");
  const std::string database_url = reader.String("DATABASE_URL", "sqlite://data/catalogue.db");
  cache::RedisCacheOptions cache_options{.name = "catalogue",
                                         .url = reader.String("REDIS_URL", ""),
                                         .password = reader.Secret("REDIS_PASSWORD", "")};
  const absl::Duration local_cache_ttl = reader.Duration("LOCAL_CACHE_TTL", absl::Seconds(1));
  const std::string tokens_file = reader.Required("AUTH_TOKENS_FILE");
  const std::string feed_token = reader.Secret("FEED_TOKEN", "");
  if (absl::Status s = reader.Finish(); !s.ok()) {
    log::Error("configuration", {{"error", s.ToString()}});
    return 2;
  }
  if (feed_token.empty()) {
    log::Error("configuration", {{"error", "FEED_TOKEN (or FEED_TOKEN_FILE) is required"}});
    return 2;
  }

  server::ServiceHost host(options);  // first: blocks SIGTERM/SIGINT for every later thread
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      storage::OpenDatabase({.url = database_url});
  if (!db.ok()) return Fail("database", db.status());
  if (absl::Status s = storage::ApplyMigrations(
          **db, storage::WithMigrations(catalogue::Migrations(), events::OutboxMigrations()));
      !s.ok()) {
    return Fail("migrations", s);
  }
  absl::StatusOr<std::unique_ptr<cache::Cache>> cache =
      cache::OpenCache(cache_options, host.metrics());
  if (!cache.ok()) return Fail("cache", cache.status());
  absl::StatusOr<std::unique_ptr<auth::StaticTokenVerifier>> verifier =
      auth::StaticTokenVerifier::FromFile(tokens_file);
  if (!verifier.ok()) return Fail("AUTH_TOKENS_FILE", verifier.status());

  catalogue::CatalogueServer catalogue(host, {.db = **db,
                                              .cache = **cache,
                                              .verifier = std::move(*verifier),
                                              .feed_token = feed_token,
                                              .local_cache_ttl = local_cache_ttl});
  if (absl::Status s = catalogue.Start(); !s.ok()) return Fail("start", s);
  return host.WaitForTermination();
}
