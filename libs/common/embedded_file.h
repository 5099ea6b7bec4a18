// A file compiled into the binary by parcours_embed_files() (cmake/ParcoursEmbed.cmake):
// SQL migrations and default configuration travel inside the service binary.
#ifndef PARCOURS_LIBS_COMMON_EMBEDDED_FILE_H_
#define PARCOURS_LIBS_COMMON_EMBEDDED_FILE_H_

#include <string>

namespace parcours {

struct EmbeddedFile {
  std::string name;      // base name, e.g. "0001_offers.sql"
  std::string contents;
};

}  // namespace parcours

#endif  // PARCOURS_LIBS_COMMON_EMBEDDED_FILE_H_
