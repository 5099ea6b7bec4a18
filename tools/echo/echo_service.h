// The bare echo service: the baseline every benchmark is compared with, served through the
// same bootstrap (ServiceHost) as the real services. A payload "sleep:<ms>" makes the call
// last that long (used by the drain tests).
#ifndef PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_
#define PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_

#include "parcours/echo/v1/echo.grpc.pb.h"

namespace parcours::echo {

class EchoService final : public parcours::echo::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override;
};

}  // namespace parcours::echo

#endif  // PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_
