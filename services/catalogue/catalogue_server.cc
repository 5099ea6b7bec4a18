#include "services/catalogue/catalogue_server.h"

#include "absl/strings/str_cat.h"
#include "libs/client/channel.h"
#include "libs/common/status_macros.h"
#include "services/catalogue/authorization.h"
#include "services/catalogue/domain/reference_data.h"

namespace parcours::catalogue {

CatalogueServer::CatalogueServer(server::ServiceHost& host, CatalogueServerDeps deps)
    : host_(host),
      deps_(std::move(deps)),
      outbox_("catalogue", notifier_, deps_.clock),
      sink_(outbox_),
      // Tombstones outlive any load-to-put delay, like Redis's (a request deadline).
      local_offers_(deps_.clock, absl::Seconds(30)),
      invalidator_(deps_.cache, LocalLevel() ? &local_offers_ : nullptr),
      sql_(deps_.db, sink_, invalidator_, deps_.clock, DefaultReferenceData()),
      cached_(sql_, deps_.cache, deps_.cache_ttl,
              {.cache = LocalLevel() ? &local_offers_ : nullptr, .ttl = deps_.local_cache_ttl}),
      index_(DefaultReferenceData()),
      authorizer_(deps_.verifier, CataloguePolicy()),
      service_({.store = cached_,
                .index = index_,
                .authorizer = authorizer_,
                .ref = DefaultReferenceData(),
                .clock = deps_.clock}),
      feed_(deps_.db, notifier_,
            {.source = "catalogue", .poll_interval = deps_.feed_poll_interval}),
      metrics_(host.metrics(), sql_) {}

CatalogueServer::~CatalogueServer() {
  if (follower_ != nullptr) follower_->Stop();
  feed_.Shutdown();
  metrics_.Stop();
}

absl::Status CatalogueServer::Start() {
  host_.AddService(&service_, v1::Catalogue::service_full_name());
  host_.AddService(&feed_, parcours::events::v1::EventFeed::service_full_name());
  host_.AddInterceptors(authorizer_.MakeInterceptors());
  // Our own follower stops first (it would only reconnect), then the feed ends the other
  // followers' streams, so that draining does not wait on them.
  host_.OnShutdown([this] {
    if (follower_ != nullptr) follower_->Stop();
    feed_.Shutdown();
  });
  RETURN_IF_ERROR(host_.Start());
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel,
                   client::MakeChannel({.target = absl::StrCat("127.0.0.1:", host_.grpc_port())}));
  IndexFollowerOptions follow;
  follow.on_offers_read = [this](const std::vector<v1::Offer>& offers) {
    for (const v1::Offer& o : offers) cached_.InvalidateLocal(o);
  };
  follower_ = std::make_unique<IndexFollower>(
      channel, client::CallIdentity{.bearer_token = deps_.feed_token}, sql_, index_, follow);
  RETURN_IF_ERROR(follower_->Start());
  metrics_.Start(deps_.metrics_interval);
  host_.SetReadinessCheck([this] { return deps_.db.Ping(); });
  host_.SetServing(true);
  return absl::OkStatus();
}

}  // namespace parcours::catalogue
