// Assembles the catalogue from a runtime::ServiceContext (libs/runtime opens the database,
// cache, outbox, event feed, audit log and authorizer; main.cc runs RunService): the SQL
// store behind the cache, the search index kept current from the service's own feed, the
// mobilisation gauges and the gRPC service. main.cc, the service tests and the benchmark
// all run exactly this.
//
//   .build = [](runtime::ServiceContext& ctx) { return BuildCatalogue(ctx); }
//
// Start() (after migrations, with the host listening) loads the index and follows this
// replica's own feed over loopback, presenting ctx.identity (SERVICE_TOKEN, a
// "service:catalogue" token).
#ifndef PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_
#define PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/cache/in_memory_cache.h"
#include "libs/common/embedded_file.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "services/catalogue/catalogue_metrics.h"
#include "services/catalogue/search/index_follower.h"
#include "services/catalogue/search/offer_index.h"
#include "services/catalogue/service.h"
#include "services/catalogue/store/cached_catalogue_store.h"
#include "services/catalogue/store/event_sink.h"
#include "services/catalogue/store/sql_catalogue_store.h"

namespace parcours::catalogue {

struct CatalogueOptions {
  absl::Duration cache_ttl = absl::Minutes(5);          // CATALOGUE_CACHE_TTL
  absl::Duration metrics_interval = absl::Seconds(15);  // CATALOGUE_METRICS_INTERVAL
  // The replica-local first level for offers (see CachedCatalogueStore): how long an offer
  // stays in this replica's memory should its feed break; zero: no local level.
  absl::Duration local_cache_ttl = absl::Seconds(1);  // LOCAL_CACHE_TTL
};

CatalogueOptions ReadCatalogueOptions(config::ConfigReader& reader);

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

class CatalogueParts final : public runtime::ServiceParts {
 public:
  // Registers the Catalogue service on ctx.host (not started yet). Everything in `ctx`
  // must outlive this object.
  CatalogueParts(runtime::ServiceContext& ctx, CatalogueOptions options);
  ~CatalogueParts() override;

  // The host listens and the schema is current: loads the search index, follows the feed,
  // starts the gauges.
  absl::Status Start() override;
  void Stop() override;

  OfferIndex& index() { return index_; }
  CatalogueStore& store() { return cached_; }
  const IndexFollower* follower() const { return follower_.get(); }

 private:
  bool LocalLevel() const { return options_.local_cache_ttl > absl::ZeroDuration(); }

  server::ServiceHost& host_;
  const client::CallIdentity identity_;
  const CatalogueOptions options_;
  OutboxEventSink sink_;
  cache::InMemoryCache local_offers_;
  CacheInvalidator invalidator_;
  SqlCatalogueStore sql_;
  CachedCatalogueStore cached_;
  OfferIndex index_;
  CatalogueService service_;
  CatalogueMetrics metrics_;
  std::unique_ptr<IndexFollower> follower_;
};

absl::StatusOr<std::unique_ptr<CatalogueParts>> BuildCatalogue(runtime::ServiceContext& ctx,
                                                               CatalogueOptions options);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_CATALOGUE_SERVER_H_
