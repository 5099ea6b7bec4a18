#include "tools/echo/echo_service.h"

#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"

namespace parcours::echo {

grpc::Status EchoService::Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                               v1::EchoResponse* response) {
  constexpr std::string_view kSleep = "sleep:";
  const std::string& payload = request->payload();
  if (payload.size() > kSleep.size() && payload.compare(0, kSleep.size(), kSleep) == 0) {
    int ms = 0;
    if (absl::SimpleAtoi(payload.substr(kSleep.size()), &ms) && ms > 0 && ms <= 60000) {
      absl::SleepFor(absl::Milliseconds(ms));
    }
  }
  response->set_payload(payload);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* CallbackEchoService::Echo(grpc::CallbackServerContext* context,
                                                    const v1::EchoRequest* request,
                                                    v1::EchoResponse* response) {
  response->set_payload(request->payload());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace parcours::echo
