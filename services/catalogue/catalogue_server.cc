#include "services/catalogue/catalogue_server.h"

#include "absl/strings/str_cat.h"
#include "libs/client/channel.h"
#include "libs/common/status_macros.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

CatalogueOptions ReadCatalogueOptions(config::ConfigReader& reader) {
  CatalogueOptions o;
  o.cache_ttl = reader.Duration("CATALOGUE_CACHE_TTL", o.cache_ttl);
  o.metrics_interval = reader.Duration("CATALOGUE_METRICS_INTERVAL", o.metrics_interval);
  o.local_cache_ttl = reader.Duration("LOCAL_CACHE_TTL", o.local_cache_ttl);
  return o;
}

CatalogueParts::CatalogueParts(runtime::ServiceContext& ctx, CatalogueOptions options)
    : host_(ctx.host),
      identity_(ctx.identity),
      options_(options),
      sink_(ctx.outbox),
      // Tombstones outlive any load-to-put delay, like Redis's (a request deadline).
      local_offers_(ctx.clock, absl::Seconds(30)),
      invalidator_(ctx.cache, LocalLevel() ? &local_offers_ : nullptr),
      sql_(ctx.db, sink_, invalidator_, ctx.clock, DefaultReferenceData()),
      cached_(sql_, ctx.cache, options_.cache_ttl,
              {.cache = LocalLevel() ? &local_offers_ : nullptr, .ttl = options_.local_cache_ttl}),
      index_(DefaultReferenceData()),
      service_({.store = cached_,
                .index = index_,
                .authorizer = ctx.authorizer,
                .audit = ctx.audit,
                .ref = DefaultReferenceData(),
                .clock = ctx.clock}),
      metrics_(ctx.metrics, sql_) {
  host_.AddService(&service_, v1::Catalogue::service_full_name());
}

CatalogueParts::~CatalogueParts() { Stop(); }

absl::Status CatalogueParts::Start() {
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                   client::MakeChannel({.target = absl::StrCat("127.0.0.1:", host_.grpc_port())}));
  IndexFollowerOptions follow;
  // Another replica's write reaches us through the feed: the offers the follower re-reads
  // (at their committed version) replace this replica's local copies.
  follow.on_offers_read = [this](const std::vector<v1::Offer>& offers) {
    for (const v1::Offer& o : offers) cached_.InvalidateLocal(o);
  };
  follower_ = std::make_unique<IndexFollower>(channel, identity_, sql_, index_, follow);
  RETURN_IF_ERROR(follower_->Start());
  metrics_.Start(options_.metrics_interval);
  return absl::OkStatus();
}

// Our own follower stops first (it would only reconnect); the runtime then ends the other
// followers' streams, so that draining does not wait on them.
void CatalogueParts::Stop() {
  if (follower_ != nullptr) follower_->Stop();
  metrics_.Stop();
}

absl::StatusOr<std::unique_ptr<CatalogueParts>> BuildCatalogue(runtime::ServiceContext& ctx,
                                                               CatalogueOptions options) {
  return std::make_unique<CatalogueParts>(ctx, options);
}

}  // namespace parcours::catalogue
