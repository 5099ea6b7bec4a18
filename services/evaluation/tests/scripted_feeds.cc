#include "services/evaluation/tests/scripted_feeds.h"

#include "absl/strings/str_cat.h"
#include "libs/events/event_migrations.h"
#include "libs/storage/migrations.h"
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation::testing {
namespace {

common::v1::Date DateOf(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

}  // namespace

ScriptedFeeds::~ScriptedFeeds() { Shutdown(); }

absl::Status ScriptedFeeds::Start(const std::map<std::string, int>& ports) {
  for (const FeedSpec& spec : Feeds()) {
    const std::string name(spec.name);
    Feed& feed = feeds_[name];
    if (feed.db == nullptr) {
      auto db = parcours::testutil::TestDatabase::Create("sqlite");
      if (!db.ok()) return db.status();
      feed.db = *std::move(db);
      if (absl::Status s = storage::ApplyMigrations(feed.db->db(), events::OutboxMigrations());
          !s.ok()) {
        return s;
      }
      feed.notifier = std::make_unique<events::FeedNotifier>();
      feed.outbox = std::make_unique<events::Outbox>(name, *feed.notifier);
    }
    auto port = ports.find(name);
    feed.server = events::testutil::FeedTestServer::Start(
        feed.db->db(), *feed.notifier,
        {.source = name, .batch_size = 256, .poll_interval = absl::Milliseconds(50)},
        port == ports.end() ? 0 : port->second);
    if (feed.server == nullptr) return absl::UnavailableError("feed server did not start");
  }
  return absl::OkStatus();
}

void ScriptedFeeds::Shutdown() {
  for (auto& [name, feed] : feeds_) {
    if (feed.server) feed.server->Shutdown();
    feed.server.reset();
  }
}

std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> ScriptedFeeds::Channels() const {
  std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> out;
  for (const auto& [name, feed] : feeds_) out[name] = feed.server->NewChannel();
  return out;
}

std::map<std::string, int> ScriptedFeeds::Ports() const {
  std::map<std::string, int> out;
  for (const auto& [name, feed] : feeds_) out[name] = feed.server->port();
  return out;
}

int64_t ScriptedFeeds::Head(const std::string& feed) {
  std::vector<int64_t> s = events::testutil::Sequences(feeds_.at(feed).db->db(), "outbox");
  return s.empty() ? 0 : s.back();
}

int64_t ScriptedFeeds::TotalEvents() {
  int64_t n = 0;
  for (auto& [name, feed] : feeds_) {
    n += static_cast<int64_t>(events::testutil::Sequences(feed.db->db(), "outbox").size());
  }
  return n;
}

void ScriptedFeeds::Publish(const std::string& feed, const std::string& type,
                            const std::string& aggregate, const std::string& who,
                            const std::string& tad, absl::CivilDay day,
                            const google::protobuf::Message& payload) {
  events::v1::Event e;
  e.set_type(type);
  e.set_aggregate_type(type.substr(type.find('.') + 1, type.rfind('.') - type.find('.') - 1));
  e.set_aggregate_id(aggregate);
  e.set_beneficiary_id(who);
  e.set_tad(tad);
  e.set_mds(tad.empty() ? "" : "MDS-" + tad.substr(4));
  e.mutable_occurred_at()->set_seconds(absl::ToUnixSeconds(
      absl::FromCivil(absl::CivilSecond(day) + 12 * 3600, absl::UTCTimeZone())));
  e.mutable_payload()->PackFrom(payload);
  Feed& f = feeds_.at(feed);
  absl::Status s = f.db->db().InTransaction([&](storage::Transaction& tx) {
    f.outbox->Stage(tx, e);
    return absl::OkStatus();
  });
  if (!s.ok()) ADD_FAILURE() << "publish " << type << ": " << s;
}

void ScriptedFeeds::Entered(const std::string& who, const std::string& tad, absl::CivilDay entry,
                            bool rights_and_duties) {
  v1::ExpectedBeneficiaryEntered p;
  *p.mutable_entry_date() = DateOf(entry);
  p.set_subject_to_rights_and_duties(rights_and_duties);
  Publish("orientation", "orientation.beneficiary.entered", who, who, tad, entry, p);
}

void ScriptedFeeds::Convened(const std::string& who, const std::string& tad, absl::CivilDay day) {
  v1::ExpectedBeneficiaryChanged p;  // the payload is not read for convocations
  Publish("orientation", "orientation.beneficiary.convened",
          absl::StrCat("cnv-", who, "-", absl::FormatCivilTime(day)), who, tad, day, p);
}

void ScriptedFeeds::Oriented(const std::string& who, const std::string& tad, absl::CivilDay day,
                             int type, absl::CivilDay entry) {
  v1::ExpectedBeneficiaryOriented p;
  p.set_type(type);
  *p.mutable_entry_date() = DateOf(entry);
  Publish("orientation", "orientation.beneficiary.oriented", who, who, tad, day, p);
}

void ScriptedFeeds::Exited(const std::string& who, const std::string& tad, absl::CivilDay day,
                           int reason) {
  v1::ExpectedBeneficiaryExited p;
  *p.mutable_exit_date() = DateOf(day);
  p.set_reason(reason);
  Publish("orientation", "orientation.beneficiary.exited", who, who, tad, day, p);
}

void ScriptedFeeds::Offer(const std::string& offer, const std::string& structure,
                          const std::string& fiche, int places, int64_t budget_cents) {
  v1::ExpectedOfferEvent p;
  p.set_offer_id(offer);
  p.set_structure_id(structure);
  p.set_pdi_fiche(fiche);
  p.set_places(places);
  p.set_budget_cents(budget_cents);
  Publish("catalogue", "catalogue.offer.published", offer, "", "", absl::CivilDay(2024, 1, 1), p);
}

void ScriptedFeeds::Prescription(const std::string& what, const std::string& id,
                                 const std::string& who, const std::string& tad,
                                 const std::string& offer, const std::string& fiche,
                                 absl::CivilDay day, int outcome, bool positive) {
  v1::ExpectedPrescriptionEvent p;
  p.set_offer_id(offer);
  p.set_structure_id("STR-" + offer);
  p.set_pdi_fiche(fiche);
  p.set_outcome(outcome);
  p.set_positive_exit(positive);
  Publish("catalogue", "catalogue.prescription." + what, id, who, tad, day, p);
}

void ScriptedFeeds::Contract(const std::string& what, const std::string& id, const std::string& who,
                             const std::string& tad, int kind, absl::CivilDay day) {
  v1::ExpectedContractChanged p;
  p.set_kind(kind);
  Publish("contracts", "contracts.contract." + what, id, who, tad, day, p);
}

void ScriptedFeeds::Case(const std::string& type, const std::string& id, const std::string& who,
                         const std::string& tad, absl::CivilDay day, int status,
                         int64_t overpayment, int64_t fine, int64_t recovered) {
  v1::ExpectedCaseEvent p;
  p.set_status(status);
  p.set_overpayment_cents(overpayment);
  p.set_fine_cents(fine);
  p.set_recovered_cents(recovered);
  p.set_year_opened(static_cast<int32_t>(day.year()));
  Publish("fraud", "fraud.case." + type, id, who, tad, day, p);
}

}  // namespace parcours::evaluation::testing
