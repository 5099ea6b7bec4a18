// Request-validation helpers shared by the handler files (internal to the service).
#ifndef PARCOURS_SERVICES_ORIENTATION_SERVICE_HELPERS_H_
#define PARCOURS_SERVICES_ORIENTATION_SERVICE_HELPERS_H_

#include <cstdint>
#include <string>

#include "libs/errors/field_violations.h"
#include "services/orientation/store/orientation_store.h"

namespace parcours::orientation {

// Adds a violation unless `id` is a well-formed id of kind `prefix` ("ben", "ses"…).
void CheckId(const std::string& id, const char* prefix, const std::string& field,
             errors::FieldViolations& v);
// The version an etag names; adds a violation (and returns -1) when it is not one.
int64_t ParseEtag(const std::string& etag, const std::string& field, errors::FieldViolations& v);
// request_id: required, at most 64 characters.
void CheckRequestId(const std::string& request_id, errors::FieldViolations& v);
// A free-text field: required when `required`, at most `max` bytes.
void CheckText(const std::string& text, const std::string& field, bool required, size_t max,
               errors::FieldViolations& v);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_SERVICE_HELPERS_H_
