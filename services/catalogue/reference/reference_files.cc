#include "services/catalogue/reference/reference_files.h"

namespace parcours::catalogue {

std::string EmbeddedReferenceFile(const std::string& name) {
  for (EmbeddedFile& f : ReferenceFiles()) {
    if (f.name == name) return std::move(f.contents);
  }
  return "";
}

}  // namespace parcours::catalogue
