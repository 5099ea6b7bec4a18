// catalogue's request validation on arbitrary requests: the first byte picks the request,
// the rest is its protobuf wire form. Validation must report violations, never crash,
// leak or trip a sanitizer, whatever the strings (invalid UTF-8, huge), numbers
// (negative, overflowing), dates (year 0, 9999) and enums (unknown values) hold.
#include <cstddef>
#include <cstdint>

#include "libs/errors/field_violations.h"
#include "libs/paging/page_token.h"
#include "services/catalogue/domain/reference_data.h"
#include "services/catalogue/domain/validation.h"

using namespace parcours::catalogue;  // NOLINT: a fuzz target's one file

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ReferenceData& ref = DefaultReferenceData();
  const void* body = data + 1;
  const int length = static_cast<int>(size - 1);
  parcours::errors::FieldViolations v;
  switch (data[0] % 7) {
    case 0: {
      v1::CreateOfferRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateRequestId(r.request_id(), v);
      ValidateOffer(r.offer(), ref, "offer", v);
      break;
    }
    case 1: {
      v1::CreateStructureRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateRequestId(r.request_id(), v);
      ValidateStructure(r.structure(), ref, "structure", v);
      break;
    }
    case 2: {
      v1::CreatePrescriptionRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateRequestId(r.request_id(), v);
      ValidateNewPrescription(r.prescription(), ref, "prescription", v);
      break;
    }
    case 3: {
      v1::SearchOffersRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateSearch(r, ref, v);
      ValidateProfile(r.eligible_for(), ref, "eligible_for", v);
      break;
    }
    case 4: {
      v1::UpdateOfferRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateEtag(r.offer().etag(), "offer.etag", v);
      (void)EtagVersion(r.offer().etag());
      ValidateId(r.offer().id(), "offer.id", true, v);
      ValidateUpdateMask(r.update_mask(), UpdatableOfferPaths(), v);
      ValidateOffer(r.offer(), ref, "offer", v);
      break;
    }
    case 5: {
      v1::ListPrescriptionsRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      (void)parcours::paging::Page::Read(r, v);  // page_size, and the page token's decoding
      ValidateDateRange(r.created(), "created", false, v);
      break;
    }
    default: {
      v1::UpdateStructureRequest r;
      if (!r.ParseFromArray(body, length)) return 0;
      ValidateUpdateMask(r.update_mask(), UpdatableStructurePaths(), v);
      ValidateStructure(r.structure(), ref, "structure", v);
      ValidateTerritories(r.structure().territories(), ref, "structure.territories", v);
      break;
    }
  }
  (void)v.ToStatus();
  return 0;
}
