#include "libs/log/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace parcours::log {
namespace {

Level LevelFromEnv() {
  const char* v = std::getenv("LOG_LEVEL");
  if (v == nullptr) return Level::kInfo;
  std::string s(v);
  if (s == "debug") return Level::kDebug;
  if (s == "warn") return Level::kWarn;
  if (s == "error") return Level::kError;
  return Level::kInfo;
}

std::atomic<int> g_level{static_cast<int>(LevelFromEnv())};
std::atomic<void (*)(std::string_view)> g_sink{nullptr};
std::mutex g_mu;  // guards g_process_fields and serialises whole lines on stdout

std::vector<std::pair<std::string, std::string>>& ProcessFields() {
  static auto* fields = new std::vector<std::pair<std::string, std::string>>();
  return *fields;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

nlohmann::json ToJson(const FieldValue& v) {
  return std::visit(
      [](const auto& x) -> nlohmann::json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string_view>) return std::string(x);
        else if constexpr (std::is_same_v<T, const char*>) return std::string(x ? x : "");
        else return x;
      },
      v);
}

}  // namespace

void SetProcessField(std::string_view key, std::string value) {
  std::lock_guard<std::mutex> lock(g_mu);
  ProcessFields().emplace_back(std::string(key), std::move(value));
}

void SetLevel(Level level) { g_level = static_cast<int>(level); }
bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }
void SetSinkForTesting(void (*sink)(std::string_view)) { g_sink = sink; }

void Write(Level level, std::string_view message, Fields fields) {
  if (!Enabled(level)) return;
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["msg"] = std::string(message);
  for (const Field& f : fields) line[std::string(f.first)] = ToJson(f.second);
  std::lock_guard<std::mutex> lock(g_mu);
  for (const auto& [k, v] : ProcessFields()) line[k] = v;
  // Invalid UTF-8 is replaced rather than thrown on: a log line must never crash a server.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (auto* sink = g_sink.load()) {
    sink(text);
    return;
  }
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace parcours::log
