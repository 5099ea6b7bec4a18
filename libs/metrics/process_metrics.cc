#include "libs/metrics/process_metrics.h"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace parcours::metrics {
namespace {

prometheus::MetricFamily Gauge(const char* name, const char* help, double value,
                               prometheus::MetricType type = prometheus::MetricType::Gauge) {
  prometheus::MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(metric);
  return family;
}

double CpuSeconds() {
  struct timespec ts;
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double n = 0;
  while (readdir(dir) != nullptr) ++n;
  closedir(dir);
  return n > 2 ? n - 3 : 0;  // ".", ".." and the directory's own descriptor
}

}  // namespace

double ResidentMemoryBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages_total = 0, pages_resident = 0;
  int n = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

ProcessCollector::ProcessCollector()
    : start_time_seconds_(std::chrono::duration<double>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count()) {}

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  return {
      Gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
            ResidentMemoryBytes()),
      Gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
            CpuSeconds(), prometheus::MetricType::Counter),
      Gauge("process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.", start_time_seconds_),
      Gauge("process_open_fds", "Number of open file descriptors.", OpenFds()),
  };
}

}  // namespace parcours::metrics
