// Writes one Fact into the projections, inside the consumer's batch transaction (with the
// feed checkpoint): the timeline row, the counter, and the entity rows (beneficiary
// milestones, offers, prescriptions, contracts, fraud cases).
//
//   ProjectionWriter writer;
//   RETURN_IF_ERROR(writer.Apply(tx, fact));
//
// Every statement is an upsert whose result does not depend on the order in which the
// four feeds interleave: milestones keep the earliest day, running totals the latest
// value. The timeline's primary key (source, sequence) makes a replayed event a no-op
// even if a checkpoint were ever lost.
#ifndef PARCOURS_SERVICES_EVALUATION_STORE_PROJECTION_WRITER_H_
#define PARCOURS_SERVICES_EVALUATION_STORE_PROJECTION_WRITER_H_

#include "absl/status/status.h"
#include "libs/storage/database.h"
#include "services/evaluation/domain/fact.h"

namespace parcours::evaluation {

class ProjectionWriter {
 public:
  absl::Status Apply(storage::Transaction& tx, const Fact& fact) const;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_STORE_PROJECTION_WRITER_H_
