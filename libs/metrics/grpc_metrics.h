// RPC metrics with the go-grpc-prometheus names, so the common Grafana gRPC dashboards and
// alert rules work unchanged:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method} (histogram)
//   grpc_server_msg_received_total / grpc_server_msg_sent_total
// and the same with `grpc_client_` for outgoing calls. Installed as interceptors:
//
//   auto registry = std::make_shared<prometheus::Registry>();
//   builder.experimental().SetInterceptorCreators(
//       MakeServerInterceptors(*registry));                 // server side
//   auto channel = grpc::experimental::CreateCustomChannelWithInterceptors(
//       target, creds, args, MakeClientInterceptors(*registry));  // client side
#ifndef PARCOURS_LIBS_METRICS_GRPC_METRICS_H_
#define PARCOURS_LIBS_METRICS_GRPC_METRICS_H_

#include <memory>
#include <vector>

#include "grpcpp/support/client_interceptor.h"
#include "grpcpp/support/server_interceptor.h"
#include "prometheus/registry.h"

namespace parcours::metrics {

// Interceptor creators recording server-side RPC metrics into `registry`, which must
// outlive the server.
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeServerInterceptors(prometheus::Registry& registry);

// Interceptor creators recording client-side RPC metrics; `registry` must outlive every
// channel made with them.
std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
MakeClientInterceptors(prometheus::Registry& registry);

// Histogram buckets (seconds) fine enough for sub-millisecond loopback calls and wide
// enough for slow batch calls.
const std::vector<double>& LatencyBuckets();

}  // namespace parcours::metrics

#endif  // PARCOURS_LIBS_METRICS_GRPC_METRICS_H_
