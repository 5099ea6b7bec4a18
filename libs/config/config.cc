#include "libs/config/config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace parcours::config {
namespace {

std::string VariableFromFlag(std::string flag) {
  std::string v = absl::AsciiStrToUpper(flag);
  return absl::StrReplaceAll(v, {{"-", "_"}});
}

}  // namespace

std::string ConfigReader::FlagName(const std::string& name) {
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

ConfigReader::ConfigReader(int argc, char** argv) : use_process_env_(true) {
  ParseArgs(std::vector<std::string>(argv + 1, argv + argc));
}

ConfigReader::ConfigReader(std::vector<std::string> args, std::map<std::string, std::string> env)
    : env_(std::move(env)) {
  ParseArgs(args);
}

// "--name=value", or "--name" alone for a boolean set to true.
void ConfigReader::ParseArgs(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a.rfind("--", 0) != 0 || a.size() == 2) {
      errors_.push_back(absl::StrCat("argument '", a, "': expected --name=value"));
      continue;
    }
    size_t eq = a.find('=');
    std::string name = VariableFromFlag(a.substr(2, eq == std::string::npos ? eq : eq - 2));
    flags_[name] = eq == std::string::npos ? "true" : a.substr(eq + 1);
    used_flags_[name] = false;
  }
}

std::optional<std::string> ConfigReader::Lookup(const std::string& name) {
  if (auto it = flags_.find(name); it != flags_.end()) {
    used_flags_[name] = true;
    return it->second;
  }
  if (use_process_env_) {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  }
  if (auto it = env_.find(name); it != env_.end()) return it->second;
  return std::nullopt;
}

std::string ConfigReader::String(const std::string& name, const std::string& fallback) {
  return Lookup(name).value_or(fallback);
}

std::string ConfigReader::Required(const std::string& name) {
  auto v = Lookup(name);
  if (!v.has_value() || v->empty()) {
    errors_.push_back(absl::StrCat(name, " (--", FlagName(name), "): required"));
    return "";
  }
  return *v;
}

int64_t ConfigReader::Int(const std::string& name, int64_t fallback, int64_t min, int64_t max) {
  auto v = Lookup(name);
  if (!v.has_value()) return fallback;
  int64_t out;
  if (!absl::SimpleAtoi(*v, &out)) {
    errors_.push_back(absl::StrCat(name, "='", *v, "': not an integer"));
    return fallback;
  }
  if (out < min || out > max) {
    errors_.push_back(absl::StrCat(name, "=", out, ": must be in [", min, ", ", max, "]"));
    return fallback;
  }
  return out;
}

bool ConfigReader::Bool(const std::string& name, bool fallback) {
  auto v = Lookup(name);
  if (!v.has_value()) return fallback;
  std::string s = absl::AsciiStrToLower(*v);
  if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
  if (s == "0" || s == "false" || s == "no" || s == "off") return false;
  errors_.push_back(absl::StrCat(name, "='", *v, "': expected true or false"));
  return fallback;
}

absl::Duration ConfigReader::Duration(const std::string& name, absl::Duration fallback,
                                      absl::Duration min) {
  auto v = Lookup(name);
  if (!v.has_value()) return fallback;
  absl::Duration d;
  if (!absl::ParseDuration(*v, &d) || d < absl::ZeroDuration()) {
    errors_.push_back(absl::StrCat(name, "='", *v, "': expected a duration like 250ms or 5s"));
    return fallback;
  }
  if (d < min) {
    errors_.push_back(
        absl::StrCat(name, "=", *v, ": must be at least ", absl::FormatDuration(min)));
    return fallback;
  }
  return d;
}

std::string ConfigReader::Secret(const std::string& name, const std::string& fallback) {
  if (auto v = Lookup(name); v.has_value()) return *v;
  auto file = Lookup(name + "_FILE");
  if (!file.has_value()) return fallback;
  std::ifstream in(*file);
  if (!in) {
    errors_.push_back(absl::StrCat(name, "_FILE='", *file, "': cannot be read"));
    return fallback;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

absl::Status ConfigReader::Finish() {
  for (const auto& [name, used] : used_flags_) {
    if (!used) errors_.push_back(absl::StrCat("--", FlagName(name), ": unknown setting"));
  }
  if (errors_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid configuration: ", absl::StrJoin(errors_, "; ")));
}

}  // namespace parcours::config
