#include "services/evaluation/adapters/payload_adapters.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/common/clock.h"
#include "services/evaluation/adapters/adapter_support.h"
#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation {

absl::StatusOr<std::optional<Fact>> DecodeEvent(const std::string& source,
                                                const events::v1::Event& event) {
  std::optional<FactKind> kind = KindForType(source, event.type());
  if (!kind.has_value()) return std::nullopt;
  Fact fact;
  fact.kind = *kind;
  fact.source = source;
  fact.sequence = event.sequence();
  fact.aggregate_id = event.aggregate_id();
  fact.beneficiary_id = event.beneficiary_id();
  fact.tad = event.tad();
  fact.mds = event.mds();
  const absl::Time at = absl::FromUnixSeconds(event.occurred_at().seconds()) +
                        absl::Nanoseconds(event.occurred_at().nanos());
  fact.day = absl::ToCivilDay(at, LegalTimeZone());
  const bool about_a_person = fact.kind != FactKind::kOfferChanged;
  if (about_a_person && fact.beneficiary_id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(event.type(), ": the envelope has no beneficiary_id"));
  }
  absl::Status filled;
  if (source == "orientation") {
    filled = adapters::FillOrientation(event.payload(), fact);
  } else if (source == "catalogue") {
    filled = adapters::FillCatalogue(event.payload(), fact);
  } else if (source == "contracts") {
    filled = adapters::FillContracts(event.payload(), fact);
  } else if (source == "fraud") {
    filled = adapters::FillFraud(event.payload(), fact);
  }
  if (!filled.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(event.type(), ": ", filled.message()));
  }
  return fact;
}

}  // namespace parcours::evaluation
