#include "libs/cache/redis_url.h"

#include "gtest/gtest.h"

namespace parcours::cache {
namespace {

TEST(RedisUrlTest, HostPortAndDatabase) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://127.0.0.1:6380/2");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 6380);
  EXPECT_EQ(ep->db, 2);
  EXPECT_EQ(ep->password, "");
}

TEST(RedisUrlTest, Defaults) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://redis");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "redis");
  EXPECT_EQ(ep->port, 6379);
  EXPECT_EQ(ep->db, 0);
  ep = ParseRedisUrl("redis://redis:6379/");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->db, 0);
}

TEST(RedisUrlTest, PasswordAndAclUser) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://:s3cr:et@cache.svc:6379/1");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->user, "");
  EXPECT_EQ(ep->password, "s3cr:et");
  EXPECT_EQ(ep->host, "cache.svc");
  ep = ParseRedisUrl("redis://catalogue:pw@cache.svc");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->user, "catalogue");
  EXPECT_EQ(ep->password, "pw");
}

TEST(RedisUrlTest, Ipv6) {
  absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl("redis://[::1]:7000");
  ASSERT_TRUE(ep.ok()) << ep.status();
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, 7000);
}

TEST(RedisUrlTest, RejectsMalformedWithoutEchoingThePassword) {
  for (const char* bad :
       {"", "http://h:1", "rediss://h:6379", "redis://", "redis://h:", "redis://h:0",
        "redis://h:70000", "redis://h:12ab", "redis://h:1/x", "redis://h:1/-1", "redis://user@h",
        "redis://[::1", "redis://:hunter2@h:99999"}) {
    absl::StatusOr<RedisEndpoint> ep = ParseRedisUrl(bad);
    EXPECT_EQ(ep.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ep.status().message().find("hunter2"), absl::string_view::npos);
    EXPECT_NE(ep.status().message().find("REDIS_URL"), absl::string_view::npos);
  }
}

}  // namespace
}  // namespace parcours::cache
