// Test support: reads a metric back from a prometheus::Registry, so tests assert on what
// /metrics would show rather than on internals.
//
//   double hits = MetricValue(registry, "parcours_cache_requests_total",
//                             {{"cache", "t"}, {"result", "hit"}});   // summed over op
#ifndef PARCOURS_LIBS_CACHE_METRICS_FOR_TEST_H_
#define PARCOURS_LIBS_CACHE_METRICS_FOR_TEST_H_

#include <map>
#include <string>

namespace prometheus {
class Registry;
}

namespace parcours::cache {

// The sum, over the series of `name` whose labels include `labels`, of the counter or
// gauge value (a histogram's sample count); 0 when none matches.
double MetricValue(const prometheus::Registry& registry, const std::string& name,
                   const std::map<std::string, std::string>& labels);

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_METRICS_FOR_TEST_H_
