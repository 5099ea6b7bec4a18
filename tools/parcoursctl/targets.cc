#include "tools/parcoursctl/targets.h"

namespace parcours::ctl {

const std::vector<std::pair<std::string, std::string>>& DefaultTargets() {
  static const auto* targets =
      new std::vector<std::pair<std::string, std::string>>{{"catalogue", "127.0.0.1:50051"},
                                                           {"orientation", "127.0.0.1:50052"},
                                                           {"contracts", "127.0.0.1:50053"},
                                                           {"fraud", "127.0.0.1:50054"},
                                                           {"evaluation", "127.0.0.1:50055"}};
  return *targets;
}

}  // namespace parcours::ctl
