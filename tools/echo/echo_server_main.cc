// echo_server: the baseline service. Same bootstrap, configuration and shutdown as the
// real services, and no work in the handler. ECHO_API (--echo-api): "sync" (the default,
// the baseline) or "callback" (gRPC's callback API, to compare the two in one run).
#include <cstdio>

#include "libs/config/config.h"
#include "libs/log/log.h"
#include "libs/server/service_host.h"
#include "tools/echo/echo_service.h"

int main(int argc, char** argv) {
  parcours::config::ConfigReader reader(argc, argv);
  parcours::server::ServerOptions options = parcours::server::ReadServerOptions(
      reader, "echo", "127.0.0.1:0", "127.0.0.1:0");
  const std::string api = reader.String("ECHO_API", "sync");
  if (absl::Status s = reader.Finish(); !s.ok()) {
    parcours::log::Error("configuration", {{"error", s.ToString()}});
    return 2;
  }
  if (api != "sync" && api != "callback") {
    parcours::log::Error("configuration", {{"error", "ECHO_API: \"sync\" or \"callback\""}});
    return 2;
  }
  parcours::server::ServiceHost host(options);
  parcours::echo::EchoService sync_echo;
  parcours::echo::CallbackEchoService callback_echo;
  host.AddService(api == "sync" ? static_cast<grpc::Service*>(&sync_echo) : &callback_echo,
                  parcours::echo::v1::Echo::service_full_name());
  if (absl::Status s = host.Start(); !s.ok()) {
    parcours::log::Error("start failed", {{"error", s.ToString()}});
    return 1;
  }
  host.SetServing(true);
  return host.WaitForTermination();
}
