// The per-method lookup: one set of series per method name whatever address the name is
// passed at, the right set when an address is reused for another name, every method
// served once the lock-free table is full, and the labels each set carries.
#include "libs/metrics/method_series.h"

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"

namespace parcours::metrics {
namespace {

TEST(RpcSeries, OneSetPerNameWhateverTheAddress) {
  prometheus::Registry registry;
  RpcSeries series(registry, "server");
  static const char kName[] = "/parcours.echo.v1.Echo/Echo";
  std::string copy = kName;
  MethodSeries& first = series.For(kName, 0);
  EXPECT_EQ(&series.For(kName, 0), &first);  // the lock-free path
  EXPECT_EQ(&series.For(copy.c_str(), 0), &first);
  EXPECT_EQ(first.full_method, kName);
  EXPECT_EQ(first.labels.at("grpc_service"), "parcours.echo.v1.Echo");
  EXPECT_EQ(first.labels.at("grpc_method"), "Echo");
  EXPECT_EQ(first.labels.at("grpc_type"), "unary");
  EXPECT_NE(&series.For("/parcours.echo.v1.Echo/Other", 3), &first);
  EXPECT_EQ(series.For("/parcours.echo.v1.Echo/Other", 3).labels.at("grpc_type"), "bidi_stream");
}

TEST(RpcSeries, AnAddressReusedForAnotherNameFindsThatName) {
  prometheus::Registry registry;
  RpcSeries series(registry, "client");
  char buffer[64];
  std::strcpy(buffer, "/a.A/One");
  MethodSeries& one = series.For(buffer, 0);
  EXPECT_EQ(&series.For(buffer, 0), &one);
  std::strcpy(buffer, "/a.A/Two");  // as a freed std::string's memory would be reused
  MethodSeries& two = series.For(buffer, 0);
  EXPECT_NE(&two, &one);
  EXPECT_EQ(two.labels.at("grpc_method"), "Two");
  EXPECT_EQ(&series.For(buffer, 0), &two);
  std::strcpy(buffer, "/a.A/One");
  EXPECT_EQ(&series.For(buffer, 0), &one);
}

TEST(RpcSeries, MoreMethodsThanShortcutsAreAllServed) {
  prometheus::Registry registry;
  RpcSeries series(registry, "server");
  std::vector<std::string> names;
  for (int i = 0; i < 400; ++i) names.push_back(absl::StrCat("/p.S/M", i));
  std::vector<MethodSeries*> found;
  for (const std::string& n : names) found.push_back(&series.For(n.c_str(), 0));
  for (size_t i = 0; i < names.size(); ++i) {
    ASSERT_EQ(&series.For(names[i].c_str(), 0), found[i]) << names[i];
    ASSERT_EQ(found[i]->labels.at("grpc_method"), absl::StrCat("M", i));
  }
}

TEST(RpcSeries, ConcurrentFirstCallsShareOneSet) {
  prometheus::Registry registry;
  RpcSeries series(registry, "server");
  static const char kName[] = "/p.S/Hot";
  std::vector<std::thread> threads;
  std::vector<MethodSeries*> seen(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        MethodSeries& m = series.For(kName, 0);
        m.started->Increment();
        series.CountHandled(m, i % 2 == 0 ? 0 : 14);
        seen[t] = &m;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (MethodSeries* m : seen) EXPECT_EQ(m, seen[0]);
  EXPECT_EQ(seen[0]->started->Value(), 8000);
  EXPECT_EQ(seen[0]->handled[0].load()->Value(), 4000);
  EXPECT_EQ(seen[0]->handled[14].load()->Value(), 4000);
  // Codes out of range count as Unknown.
  series.CountHandled(*seen[0], 99);
  EXPECT_EQ(seen[0]->handled[2].load()->Value(), 1);
}

}  // namespace
}  // namespace parcours::metrics
