// Follows orientation's event feed (events::FeedConsumer, checkpoint in this database):
// keeps the local pseudonymous projection of orientations (table `orientations`) and opens
// a sanction procedure for each repeated no-show, in the same transaction as the
// checkpoint, so an event is applied exactly once.
//
// Why a projection rather than calling orientation each time: the contractualisation rate
// and the "contract due after orientation" queue are questions over every beneficiary
// (who is oriented, how, since when, where, subject to rights and duties?), which cannot
// be asked one gRPC call at a time; creating a contract still asks orientation directly,
// because it needs the freshest answer for one person.
//
// Decoding is behind OrientationEventDecoder; OrientationPayloadDecoder reads
// orientation's own payload messages (parcours.orientation.v1: BeneficiaryEntered,
// BeneficiaryChanged, BeneficiaryOriented, BeneficiaryExited, RepeatedNoShow) and refuses
// a payload that is not the one its type announces, which halts the consumer at that
// event rather than projecting a guess.
//
//   OrientationPayloadDecoder decoder;
//   OrientationProjection projection(store, decoder, rules);
//   FeedConsumer consumer(channel, db, projection, {.feed = "orientation", .types = ...});
#ifndef PARCOURS_SERVICES_CONTRACTS_FEED_ORIENTATION_FEED_H_
#define PARCOURS_SERVICES_CONTRACTS_FEED_ORIENTATION_FEED_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/events/consumer.h"
#include "services/contracts/domain/rules.h"
#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts {

// The event types this service follows.
std::vector<std::string> FollowedOrientationEvents();

class OrientationEventDecoder {
 public:
  virtual ~OrientationEventDecoder() = default;
  // nullopt: an event of no interest. An error halts the consumer at this event (see
  // libs/events/consumer.h): a payload we cannot read must not be skipped silently.
  virtual absl::StatusOr<std::optional<OrientationFact>> Decode(
      const events::v1::Event& event) const = 0;
};

// Entries (entry day, rights and duties), changes (rights and duties), orientations and
// reorientations (decision, type, référent, day of the decision), exits (exit day) and
// repeated no-shows (their count); the envelope gives the beneficiary and territory.
class OrientationPayloadDecoder final : public OrientationEventDecoder {
 public:
  absl::StatusOr<std::optional<OrientationFact>> Decode(
      const events::v1::Event& event) const override;
};

class OrientationProjection final : public events::Projection {
 public:
  OrientationProjection(ContractsStore& store, const OrientationEventDecoder& decoder,
                        const ContractRules& rules)
      : store_(store), decoder_(decoder), rules_(rules) {}

  absl::Status Apply(storage::Transaction& tx, const events::v1::Event& event) override;

 private:
  ContractsStore& store_;
  const OrientationEventDecoder& decoder_;
  const ContractRules& rules_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_FEED_ORIENTATION_FEED_H_
