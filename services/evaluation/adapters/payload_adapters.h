// Turns a feed event into a Fact: the kind from the one mapping table
// (domain/event_mapping.cc), the envelope's beneficiary, territory and day, and the few
// payload fields the kind needs, read by one small adapter per source through the
// documented expectations of proto/parcours/evaluation/v1/source_payloads.proto.
//
//   ASSIGN_OR_RETURN(std::optional<Fact> fact, DecodeEvent("orientation", event));
//   if (fact.has_value()) RETURN_IF_ERROR(writer.Apply(tx, *fact));
//
// nullopt: a type the projections do not use. INVALID_ARGUMENT: a payload that does not
// parse or lacks a required field; the consumer halts there (it never skips an event).
#ifndef PARCOURS_SERVICES_EVALUATION_ADAPTERS_PAYLOAD_ADAPTERS_H_
#define PARCOURS_SERVICES_EVALUATION_ADAPTERS_PAYLOAD_ADAPTERS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "parcours/events/v1/events.pb.h"
#include "services/evaluation/domain/fact.h"

namespace parcours::evaluation {

absl::StatusOr<std::optional<Fact>> DecodeEvent(const std::string& source,
                                                const events::v1::Event& event);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_ADAPTERS_PAYLOAD_ADAPTERS_H_
