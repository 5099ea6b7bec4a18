#include "services/catalogue/store/rows.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/domain/lifecycle.h"

namespace parcours::catalogue {

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

google::protobuf::Timestamp TimestampFromMicros(int64_t us) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(us / 1000000);
  ts.set_nanos(static_cast<int32_t>((us % 1000000) * 1000));
  return ts;
}

storage::Bytes StructureBody(const v1::Structure& s) {
  v1::Structure body = s;
  body.clear_id();
  body.clear_status();
  body.clear_etag();
  body.clear_create_time();
  body.clear_update_time();
  return storage::Bytes{body.SerializeAsString()};
}

storage::Bytes OfferBody(const v1::Offer& o) {
  v1::Offer body = o;
  body.clear_id();
  body.clear_status();
  body.clear_etag();
  body.clear_create_time();
  body.clear_update_time();
  body.clear_sessions();
  body.clear_places_taken();
  return storage::Bytes{body.SerializeAsString()};
}

absl::StatusOr<Versioned<v1::Structure>> StructureFromRow(const storage::Row& row) {
  Versioned<v1::Structure> out;
  if (!out.value.ParseFromString(row.Blob(3))) {
    return absl::InternalError(absl::StrCat("structure ", row.Text(0), ": unreadable body"));
  }
  out.value.set_id(row.Text(0));
  out.value.set_status(StructureStatusFromName(row.Text(1)));
  out.version = row.Int(2);
  out.value.set_etag(absl::StrCat(out.version));
  *out.value.mutable_create_time() = TimestampFromMicros(row.Int(4));
  *out.value.mutable_update_time() = TimestampFromMicros(row.Int(5));
  return out;
}

absl::StatusOr<Versioned<v1::Offer>> OfferFromRow(const storage::Row& row) {
  Versioned<v1::Offer> out;
  if (!out.value.ParseFromString(row.Blob(4))) {
    return absl::InternalError(absl::StrCat("offer ", row.Text(0), ": unreadable body"));
  }
  out.value.set_id(row.Text(0));
  out.value.set_status(OfferStatusFromName(row.Text(1)));
  out.version = row.Int(2);
  out.value.set_etag(absl::StrCat(out.version));
  out.value.set_places_taken(static_cast<int32_t>(row.Int(3)));
  *out.value.mutable_create_time() = TimestampFromMicros(row.Int(5));
  *out.value.mutable_update_time() = TimestampFromMicros(row.Int(6));
  return out;
}

v1::Session SessionFromRow(const storage::Row& row) {
  v1::Session s;
  s.set_id(row.Text(0));
  if (auto d = ParseDateText(row.Text(2)); d.has_value()) *s.mutable_start_date() = *d;
  if (auto d = ParseDateText(row.Text(3)); d.has_value()) *s.mutable_end_date() = *d;
  s.set_places(static_cast<int32_t>(row.Int(4)));
  s.set_places_taken(static_cast<int32_t>(row.Int(5)));
  s.set_label(row.Text(6));
  return s;
}

Versioned<v1::Prescription> PrescriptionFromRow(const storage::Row& row) {
  Versioned<v1::Prescription> out;
  v1::Prescription& p = out.value;
  p.set_id(row.Text(0));
  p.set_beneficiary_id(row.Text(1));
  p.set_referent_id(row.Text(2));
  p.set_offer_id(row.Text(3));
  p.set_session_id(row.OptText(4).value_or(""));
  p.set_contract_id(row.Text(5));
  p.set_structure_id(row.Text(6));
  p.set_pdi_fiche(row.Text(7));
  p.mutable_territory()->set_tad(row.Text(8));
  p.mutable_territory()->set_mds(row.Text(9));
  p.mutable_territory()->set_commune_insee(row.Text(10));
  p.set_status(PrescriptionStatusFromName(row.Text(11)));
  v1::ExitOutcome outcome = v1::EXIT_OUTCOME_UNSPECIFIED;
  v1::ExitOutcome_Parse(row.Text(12), &outcome);
  p.set_outcome(outcome);
  p.set_positive_exit(row.Bool(13));
  v1::RefusalReason reason = v1::REFUSAL_REASON_UNSPECIFIED;
  v1::RefusalReason_Parse(row.Text(14), &reason);
  p.set_refusal_reason(reason);
  p.set_comment(row.Text(15));
  out.version = row.Int(16);
  p.set_etag(absl::StrCat(out.version));
  *p.mutable_create_time() = TimestampFromMicros(row.Int(17));
  *p.mutable_update_time() = TimestampFromMicros(row.Int(18));
  *p.mutable_status_time() = TimestampFromMicros(row.Int(19));
  return out;
}

parcours::events::v1::Event MakeEvent(const std::string& type, const std::string& aggregate_type,
                                      const std::string& aggregate_id,
                                      const google::protobuf::Message& payload) {
  parcours::events::v1::Event e;
  e.set_type(type);
  e.set_aggregate_type(aggregate_type);
  e.set_aggregate_id(aggregate_id);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

}  // namespace parcours::catalogue
