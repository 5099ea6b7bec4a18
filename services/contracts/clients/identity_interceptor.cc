#include "services/contracts/clients/identity_interceptor.h"

#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/client_interceptor.h"

namespace parcours::contracts {
namespace {

class IdentityInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit IdentityInterceptor(const client::CallIdentity& identity) : identity_(identity) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      auto* metadata = methods->GetSendInitialMetadata();
      if (!identity_.bearer_token.empty()) {
        metadata->insert({"authorization", "Bearer " + identity_.bearer_token});
      }
      if (!identity_.purpose.empty()) metadata->insert({"x-parcours-purpose", identity_.purpose});
    }
    methods->Proceed();
  }

 private:
  const client::CallIdentity identity_;
};

class IdentityInterceptorFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit IdentityInterceptorFactory(client::CallIdentity identity) : identity_(std::move(identity)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new IdentityInterceptor(identity_);
  }

 private:
  const client::CallIdentity identity_;
};

}  // namespace

std::shared_ptr<grpc::Channel> MakeChannelWithIdentity(const std::string& target,
                                                       const client::CallIdentity& identity) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<IdentityInterceptorFactory>(identity));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(factories));
}

}  // namespace parcours::contracts
