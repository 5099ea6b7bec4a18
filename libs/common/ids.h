// Server-generated identifiers: sortable by creation time, unique without coordination
// (ULID layout: 48-bit milliseconds then 80 random bits, Crockford base32, 26 chars),
// optionally prefixed by the resource kind ("off_01HV...").
//
//   std::string id = NewId("off");
#ifndef PARCOURS_LIBS_COMMON_IDS_H_
#define PARCOURS_LIBS_COMMON_IDS_H_

#include <string>
#include <string_view>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace parcours {

// A new id "<prefix>_<ulid>", or just the ULID when prefix is empty. Ids made later sort
// after ids made earlier (to the millisecond; within one millisecond, in one process,
// they still increase).
std::string NewId(std::string_view prefix, absl::Time now = absl::Now());

// True when `id` has the shape NewId(prefix) produces.
bool IsWellFormedId(std::string_view id, std::string_view prefix);

}  // namespace parcours

#endif  // PARCOURS_LIBS_COMMON_IDS_H_
