// TLS and mutual TLS with certificates made at run time by tests/tls/make_certs.sh: a
// client with a certificate from our CA gets through; a client without a certificate, with
// one from another CA, or in plaintext is refused.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/client/call.h"
#include "libs/client/channel.h"
#include "libs/server/service_host.h"
#include "parcours/echo/v1/echo.grpc.pb.h"
#include "tools/echo/echo_service.h"

namespace parcours::server {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/tls_" + std::to_string(getpid()));
    std::string cmd = absl::StrCat(PARCOURS_SOURCE_DIR, "/tests/tls/make_certs.sh ", *dir_,
                                   " >/dev/null");
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  static void TearDownTestSuite() {
    std::system(("rm -rf " + *dir_).c_str());
    delete dir_;
  }
  static std::string Path(const std::string& f) { return *dir_ + "/" + f; }

  void StartServer(bool mutual) {
    ServerOptions o;
    o.metrics_address = "";
    o.tls.cert_file = Path("server.pem");
    o.tls.key_file = Path("server.key");
    if (mutual) o.tls.client_ca_file = Path("ca.pem");
    host_ = std::make_unique<ServiceHost>(o);
    host_->AddService(&echo_, parcours::echo::v1::Echo::service_full_name());
    ASSERT_TRUE(host_->Start().ok());
    host_->SetServing(true);
  }

  absl::Status Call(client::ChannelOptions o) {
    o.target = absl::StrCat("localhost:", host_->grpc_port());
    auto channel = client::MakeChannel(o);
    if (!channel.ok()) return channel.status();
    auto stub = parcours::echo::v1::Echo::NewStub(*channel);
    parcours::echo::v1::EchoResponse resp;
    return client::Invoke(client::CallPolicy{.deadline = absl::Seconds(3)}, {},
                          [&](grpc::ClientContext& ctx) {
                            return stub->Echo(&ctx, parcours::echo::v1::EchoRequest(), &resp);
                          });
  }

  static std::string* dir_;
  echo::EchoService echo_;
  std::unique_ptr<ServiceHost> host_;
};
std::string* TlsTest::dir_ = nullptr;

TEST_F(TlsTest, ServerTlsAcceptsClientsThatTrustOurCaOnly) {
  StartServer(/*mutual=*/false);
  EXPECT_TRUE(Call({.tls_ca_file = Path("ca.pem")}).ok());
  EXPECT_EQ(Call({.tls_ca_file = Path("other-ca.pem")}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Call({}).code(), absl::StatusCode::kUnavailable);  // plaintext
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateFromOurCa) {
  StartServer(/*mutual=*/true);
  EXPECT_TRUE(Call({.tls_ca_file = Path("ca.pem"),
                    .tls_cert_file = Path("client.pem"),
                    .tls_key_file = Path("client.key")})
                  .ok());
  EXPECT_EQ(Call({.tls_ca_file = Path("ca.pem")}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Call({.tls_ca_file = Path("ca.pem"),
                  .tls_cert_file = Path("other-client.pem"),
                  .tls_key_file = Path("other-client.key")})
                .code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(Call({}).code(), absl::StatusCode::kUnavailable);
}

TEST(TlsConfig, MissingFilesStopTheStartNamingTheSetting) {
  ServerOptions o;
  o.metrics_address = "";
  o.tls.cert_file = "/nonexistent/server.pem";
  o.tls.key_file = "/nonexistent/server.key";
  ServiceHost host(o);
  absl::Status s = host.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("TLS_CERT_FILE"), std::string::npos);
}

}  // namespace
}  // namespace parcours::server
