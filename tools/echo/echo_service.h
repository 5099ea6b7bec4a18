// The bare echo service: the baseline every benchmark is compared with, served through the
// same bootstrap (ServiceHost) as the real services. A payload "sleep:<ms>" makes the call
// last that long (used by the drain tests). CallbackEchoService is the same echo through
// gRPC's callback API (the API of the catalogue's raw GetOffer and SearchOffers), to measure
// what that API costs against the sync one in the same run; it does not honour "sleep:", which
// would block a callback thread.
#ifndef PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_
#define PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_

#include "parcours/echo/v1/echo.grpc.pb.h"

namespace parcours::echo {

class EchoService final : public parcours::echo::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override;
};

class CallbackEchoService final : public parcours::echo::v1::Echo::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override;
};

}  // namespace parcours::echo

#endif  // PARCOURS_TOOLS_ECHO_ECHO_SERVICE_H_
