#include "libs/cache/cache.h"

#include <string>

namespace parcours::cache {

const char* WriteResultName(WriteResult result) {
  switch (result) {
    case WriteResult::kStored:
      return "stored";
    case WriteResult::kStale:
      return "stale";
    case WriteResult::kError:
      return "error";
    case WriteResult::kBypassed:
      return "bypassed";
  }
  return "unknown";
}

KeySpace::KeySpace(std::string_view service, std::string_view entity, int schema_version) {
  prefix_.append("parcours:");
  prefix_.append(service);
  prefix_.append(":v");
  prefix_.append(std::to_string(schema_version));
  prefix_.append(":");
  prefix_.append(entity);
  prefix_.append(":");
}

std::string KeySpace::Key(std::string_view id) const {
  std::string key;
  key.reserve(prefix_.size() + id.size());
  key.append(prefix_);
  key.append(id);
  return key;
}

}  // namespace parcours::cache
