// The reference JSON files of this folder, compiled into the binary by
// parcours_embed_files() (see services/catalogue/CMakeLists.txt).
//
//   std::string json = EmbeddedReferenceFile("data_inclusion_vocabularies.json");
#ifndef PARCOURS_SERVICES_CATALOGUE_REFERENCE_REFERENCE_FILES_H_
#define PARCOURS_SERVICES_CATALOGUE_REFERENCE_REFERENCE_FILES_H_

#include <string>
#include <vector>

#include "libs/common/embedded_file.h"

namespace parcours::catalogue {

// Generated: every file of services/catalogue/reference/*.json.
std::vector<EmbeddedFile> ReferenceFiles();

// The contents of the reference file `name`, or "" when there is none.
std::string EmbeddedReferenceFile(const std::string& name);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_REFERENCE_REFERENCE_FILES_H_
