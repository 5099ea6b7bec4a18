#include "services/catalogue/search/index_follower.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"

namespace parcours::catalogue {

namespace ev = ::parcours::events::v1;

const std::vector<std::string>& OfferEventTypes() {
  static const auto* const types = new std::vector<std::string>{
      "catalogue.offer.created",   "catalogue.offer.updated",  "catalogue.offer.published",
      "catalogue.offer.suspended", "catalogue.offer.archived", "catalogue.offer.places_changed"};
  return *types;
}

IndexFollower::IndexFollower(std::shared_ptr<grpc::ChannelInterface> feed,
                             client::CallIdentity identity, CatalogueStore& store,
                             OfferIndex& index, IndexFollowerOptions options)
    : stub_(ev::EventFeed::NewStub(feed)),
      identity_(std::move(identity)),
      store_(store),
      index_(index),
      options_(options) {}

IndexFollower::~IndexFollower() { Stop(); }

absl::Status IndexFollower::Start() {
  ev::FeedHead head;
  RETURN_IF_ERROR(client::Invoke({.deadline = absl::Seconds(5), .idempotent = true}, identity_,
                                 [&](grpc::ClientContext& ctx) {
                                   return stub_->GetFeedHead(&ctx, ev::GetFeedHeadRequest(), &head);
                                 }));
  std::vector<v1::Offer> published;
  PageRequest page{.after_id = "", .limit = options_.load_page_size};
  for (int guard = 0; guard < 1000000; ++guard) {
    ASSIGN_OR_RETURN(Page<v1::Offer> p,
                     store_.ListOffers({.status = v1::OFFER_STATUS_PUBLISHED}, page));
    for (v1::Offer& o : p.items) published.push_back(std::move(o));
    if (!p.more) break;
    page.after_id = published.back().id();
  }
  index_.Reset(published);
  received_ = head.last_sequence();
  applied_ = head.last_sequence();
  log::Info("search index loaded", {{"offers", static_cast<int64_t>(published.size())},
                                    {"feed_sequence", head.last_sequence()}});
  receiver_ = std::thread([this] { ReceiveLoop(); });
  applier_ = std::thread([this] { ApplyLoop(); });
  return absl::OkStatus();
}

void IndexFollower::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (stream_context_ != nullptr) stream_context_->TryCancel();
  }
  cv_.notify_all();
  if (receiver_.joinable()) receiver_.join();
  if (applier_.joinable()) applier_.join();
}

void IndexFollower::SleepUnlessStopping(absl::Duration d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, absl::ToChronoMilliseconds(d), [this] { return stopping_; });
}

void IndexFollower::ReceiveLoop() {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    grpc::ClientContext ctx;
    if (!identity_.bearer_token.empty()) {
      ctx.AddMetadata("authorization", "Bearer " + identity_.bearer_token);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stream_context_ = &ctx;
    }
    ev::StreamEventsRequest request;
    request.set_after_sequence(received_.load());
    request.set_follow(true);
    for (const std::string& t : OfferEventTypes()) request.add_types(t);
    std::unique_ptr<grpc::ClientReader<ev::Event>> reader = stub_->StreamEvents(&ctx, request);
    ev::Event event;
    bool got_any = false;
    while (reader->Read(&event)) {
      got_any = true;
      received_ = event.sequence();
      {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push_back({event.sequence(), event.aggregate_id()});
      }
      cv_.notify_all();
    }
    const grpc::Status status = reader->Finish();
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream_context_ = nullptr;
      if (stopping_) return;
    }
    log::Warn("search index feed stream ended; reconnecting",
              {{"code", static_cast<int>(status.error_code())},
               {"error", status.error_message()},
               {"after_sequence", received_.load()}});
    if (got_any) backoff = options_.initial_backoff;
    SleepUnlessStopping(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void IndexFollower::ApplyLoop() {
  absl::Duration backoff = options_.initial_backoff;
  std::vector<Change> batch;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
    }
    SleepUnlessStopping(options_.batch_window);  // let a burst gather into one batch
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      for (Change& c : queue_) batch.push_back(std::move(c));
      queue_.clear();
    }
    if (absl::Status s = ApplyBatch(batch); !s.ok()) {
      log::Warn("search index update failed; retrying", {{"error", s.ToString()}});
      SleepUnlessStopping(backoff);  // keep the batch: it is applied again with the next
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    backoff = options_.initial_backoff;
    batch.clear();
  }
}

absl::Status IndexFollower::ApplyBatch(const std::vector<Change>& batch) {
  if (batch.empty()) return absl::OkStatus();
  std::set<std::string> ids;
  for (const Change& c : batch) ids.insert(c.offer_id);
  ASSIGN_OR_RETURN(std::vector<v1::Offer> offers,
                   store_.GetOffers(std::vector<std::string>(ids.begin(), ids.end())));
  if (options_.on_offers_read) options_.on_offers_read(offers);
  std::vector<std::string> removed;
  for (const std::string& id : ids) {
    if (std::none_of(offers.begin(), offers.end(),
                     [&](const v1::Offer& o) { return o.id() == id; })) {
      removed.push_back(id);
    }
  }
  index_.Apply(offers, removed);
  applied_ = batch.back().sequence;
  return absl::OkStatus();
}

}  // namespace parcours::catalogue
