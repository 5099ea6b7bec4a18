#include "libs/auth/policy.h"

namespace parcours::auth {

AuthorizationPolicy::AuthorizationPolicy() {
  AllowPublic("/grpc.health.v1.Health/Check");
  AllowPublic("/grpc.health.v1.Health/Watch");
  AllowPublic("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
}

void AuthorizationPolicy::Allow(const std::string& full_method, std::vector<std::string> roles,
                                Scope scope, PersonalData personal_data) {
  Rule& rule = rules_[full_method];
  rule.roles = std::move(roles);
  rule.scope = scope;
  rule.personal_data = personal_data;
  rule.is_public = false;
}

void AuthorizationPolicy::AllowPublic(const std::string& full_method) {
  Rule& rule = rules_[full_method];
  rule.roles.clear();
  rule.is_public = true;
}

const Rule* AuthorizationPolicy::Find(const std::string& full_method) const {
  auto it = rules_.find(full_method);
  return it == rules_.end() ? nullptr : &it->second;
}

bool Permits(const Rule& rule, const Principal& principal) {
  if (rule.is_public) return true;
  for (const std::string& role : rule.roles) {
    if (principal.HasRole(role)) return true;
  }
  return false;
}

}  // namespace parcours::auth
