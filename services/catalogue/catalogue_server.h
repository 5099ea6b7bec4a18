// Assembles one catalogue replica on a ServiceHost: the SQL store behind the cache, the
// outbox and the event feed, the search index kept current from that feed, the
// authorization interceptors and the gRPC service. main.cc, the service tests and the
// benchmark all run exactly this.
//
//   server::ServiceHost host(options);                 // first: it blocks SIGTERM/SIGINT
//   ... open the database (migrations applied), the cache, the token verifier ...
//   CatalogueServer catalogue(host, {.db = *db, .cache = *cache, .verifier = verifier,
//                                    .feed_token = feed_token});
//   RETURN_IF_ERROR(catalogue.Start());                // listening, index loaded, SERVING
//   return host.WaitForTermination();
#ifndef PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_
#define PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/auth/authorizer.h"
#include "libs/auth/token_verifier.h"
#include "libs/cache/cache.h"
#include "libs/cache/in_memory_cache.h"
#include "libs/common/clock.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/feed_service.h"
#include "libs/events/outbox.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"
#include "services/catalogue/catalogue_metrics.h"
#include "services/catalogue/search/index_follower.h"
#include "services/catalogue/search/offer_index.h"
#include "services/catalogue/service.h"
#include "services/catalogue/store/cached_catalogue_store.h"
#include "services/catalogue/store/event_sink.h"
#include "services/catalogue/store/sql_catalogue_store.h"

namespace parcours::catalogue {

struct CatalogueServerDeps {
  storage::Database& db;  // catalogue and outbox migrations applied
  cache::Cache& cache;    // NullCache when off
  std::shared_ptr<const auth::TokenVerifier> verifier;
  // The bearer token this replica's index follower presents to its own feed (a
  // "service:catalogue" identity).
  std::string feed_token;
  const Clock& clock = Clock::Real();
  absl::Duration cache_ttl = absl::Minutes(5);
  // The replica-local first level for offers (see CachedCatalogueStore); zero: none.
  absl::Duration local_cache_ttl = absl::Seconds(1);
  absl::Duration feed_poll_interval = absl::Milliseconds(200);  // to see other replicas' writes
  absl::Duration metrics_interval = absl::Seconds(15);
};

// The outbox as the store's EventSink.
class OutboxEventSink final : public EventSink {
 public:
  explicit OutboxEventSink(events::Outbox& outbox) : outbox_(outbox) {}
  void Stage(storage::Transaction& tx, parcours::events::v1::Event event) override {
    outbox_.Stage(tx, std::move(event));
  }

 private:
  events::Outbox& outbox_;
};

class CatalogueServer {
 public:
  // `host` (not started yet) and everything in `deps` must outlive this object.
  CatalogueServer(server::ServiceHost& host, CatalogueServerDeps deps);
  ~CatalogueServer();

  // Registers the services, starts listening, loads the search index and follows the
  // feed, then marks the replica SERVING (with the database's Ping as readiness check).
  absl::Status Start();

  server::ServiceHost& host() { return host_; }
  OfferIndex& index() { return index_; }
  CatalogueStore& store() { return cached_; }
  const IndexFollower* follower() const { return follower_.get(); }

 private:
  bool LocalLevel() const { return deps_.local_cache_ttl > absl::ZeroDuration(); }

  server::ServiceHost& host_;
  CatalogueServerDeps deps_;
  events::FeedNotifier notifier_;
  events::Outbox outbox_;
  OutboxEventSink sink_;
  cache::InMemoryCache local_offers_;
  CacheInvalidator invalidator_;
  SqlCatalogueStore sql_;
  CachedCatalogueStore cached_;
  OfferIndex index_;
  auth::Authorizer authorizer_;
  CatalogueService service_;
  events::EventFeedService feed_;
  CatalogueMetrics metrics_;
  std::unique_ptr<IndexFollower> follower_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_
