// Where parcoursctl finds each service: flags --<service>=host:port, or environment
// PARCOURS_<SERVICE>_ADDR, or the local defaults scripts/run uses.
#ifndef PARCOURS_TOOLS_PARCOURSCTL_TARGETS_H_
#define PARCOURS_TOOLS_PARCOURSCTL_TARGETS_H_

#include <string>
#include <utility>
#include <vector>

namespace parcours::ctl {

// {service name, default address} in start order.
const std::vector<std::pair<std::string, std::string>>& DefaultTargets();

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_TARGETS_H_
