// One figure of a benchmark as one line of JSON that scripts/bench collects into its report
// (bench-report/report.md and report.json):
//
//   PrintBenchRecord({.name = "catalogue GetOffer cached c=16", .value = 9800, .unit = "qps",
//                     .baseline_name = "echo c=16", .baseline = 15000,
//                     .target = "ratio >= 0.6"});
//   // BENCH {"name": "catalogue GetOffer cached c=16", "value": 9800, ...}
//
// `target` is "ratio OP X" (value / baseline), "value OP X", or empty (reported, no
// target); OP is one of >=, <=, <, >. The report computes the ratio and met/missed, so
// that every benchmark states its target in one place and in one form.
#ifndef PARCOURS_TOOLS_LOADGEN_BENCH_RECORD_H_
#define PARCOURS_TOOLS_LOADGEN_BENCH_RECORD_H_

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace parcours::loadgen {

struct BenchRecord {
  std::string name;
  double value = 0;
  std::string unit;
  std::string baseline_name;       // empty: no baseline
  std::optional<double> baseline;  // measured in the same run
  std::string target;
  std::string note;
};

inline std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline std::string JsonNumber(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

inline void PrintBenchRecord(const BenchRecord& r) {
  std::string line = "BENCH {\"name\": " + JsonString(r.name) +
                     ", \"value\": " + JsonNumber(r.value) + ", \"unit\": " + JsonString(r.unit);
  if (r.baseline.has_value()) {
    line += ", \"baseline_name\": " + JsonString(r.baseline_name) +
            ", \"baseline\": " + JsonNumber(*r.baseline);
  }
  line += ", \"target\": " + JsonString(r.target) + ", \"note\": " + JsonString(r.note) + "}";
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

// Resident set size of a process (from /proc/<pid>/status), in MB; 0 if unknown.
inline double ResidentMb(int pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/status", pid);
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return 0;
  char line[256];
  double kb = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmRSS: %lf kB", &kb) == 1) break;
  }
  std::fclose(f);
  return kb / 1024.0;
}

}  // namespace parcours::loadgen

#endif  // PARCOURS_TOOLS_LOADGEN_BENCH_RECORD_H_
