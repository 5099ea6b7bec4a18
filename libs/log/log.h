// Structured logs: one JSON object per line on stdout, which every log collector reads.
//
//   log::Info("server started", {{"grpc_port", 50051}, {"service", "catalogue"}});
//   log::Error("migration failed", {{"error", status.ToString()}});
//
// Never log identity (names, CAF numbers, addresses, phone numbers, e-mails): log the
// pseudonymous ids. The level comes from LOG_LEVEL (debug, info, warn, error; default info).
#ifndef PARCOURS_LIBS_LOG_LOG_H_
#define PARCOURS_LIBS_LOG_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace parcours::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

using FieldValue = std::variant<std::string, std::string_view, const char*, int64_t, int,
                                double, bool>;
using Field = std::pair<std::string_view, FieldValue>;
using Fields = std::initializer_list<Field>;

// Sets fields added to every line (e.g. {"service", "catalogue"}). Call once at start-up.
void SetProcessField(std::string_view key, std::string value);
void SetLevel(Level level);
bool Enabled(Level level);

// Where lines go; stdout by default. For tests that scan log output.
void SetSinkForTesting(void (*sink)(std::string_view line));

void Write(Level level, std::string_view message, Fields fields = {});

inline void Debug(std::string_view m, Fields f = {}) { Write(Level::kDebug, m, f); }
inline void Info(std::string_view m, Fields f = {}) { Write(Level::kInfo, m, f); }
inline void Warn(std::string_view m, Fields f = {}) { Write(Level::kWarn, m, f); }
inline void Error(std::string_view m, Fields f = {}) { Write(Level::kError, m, f); }

}  // namespace parcours::log

#endif  // PARCOURS_LIBS_LOG_LOG_H_
