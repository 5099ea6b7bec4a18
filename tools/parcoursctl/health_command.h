// `parcoursctl health`: asks grpc.health.v1 of one service (--target=host:port) or of all
// of them (--all), prints one line each, and exits 0 only if every one is SERVING.
#ifndef PARCOURS_TOOLS_PARCOURSCTL_HEALTH_COMMAND_H_
#define PARCOURS_TOOLS_PARCOURSCTL_HEALTH_COMMAND_H_

#include "libs/config/config.h"

namespace parcours::ctl {

int RunHealth(config::ConfigReader& flags);

}  // namespace parcours::ctl

#endif  // PARCOURS_TOOLS_PARCOURSCTL_HEALTH_COMMAND_H_
