// A minimal blocking HTTP/1.0 GET over loopback for tests (the /metrics endpoint, the
// Prometheus HTTP API), so tests need no HTTP client library.
//
//   absl::StatusOr<HttpResponse> r = HttpGet("127.0.0.1", port, "/metrics");
#ifndef PARCOURS_LIBS_TESTING_HTTP_GET_H_
#define PARCOURS_LIBS_TESTING_HTTP_GET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace parcours::testutil {

struct HttpResponse {
  int status = 0;
  std::string body;
};

absl::StatusOr<HttpResponse> HttpGet(const std::string& host, int port, const std::string& path,
                                     absl::Duration timeout = absl::Seconds(5));

}  // namespace parcours::testutil

#endif  // PARCOURS_LIBS_TESTING_HTTP_GET_H_
