// One evaluation service in-process for tests: the real EvaluationParts and handlers on
// 127.0.0.1:0 over a given database, following the given feeds, with a token per role, a
// fixed clock and its own metrics registry.
//
//   TestEvaluation evaluation(db, feeds.Channels(), clock);
//   ASSERT_OK(evaluation.Start());
//   ASSERT_TRUE(evaluation.WaitCaughtUp(feeds));
//   grpc::ClientContext ctx;
//   evaluation.Authorize(ctx, "steering");
//   evaluation.stub().GetBilan(&ctx, request, &bilan);
//
// Tokens: "steering", "admin" (every territory), "referent-est" (TAD-EST), "operator",
// "orientation_agent", "controller", "dpo", "service" (service:orientation).
#ifndef PARCOURS_SERVICES_EVALUATION_TESTS_TEST_EVALUATION_H_
#define PARCOURS_SERVICES_EVALUATION_TESTS_TEST_EVALUATION_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "prometheus/registry.h"
#include "services/evaluation/evaluation_server.h"
#include "services/evaluation/tests/scripted_feeds.h"

namespace parcours::evaluation::testing {

// Applies the service's migrations (and the outbox's and audit log's) to `db`.
absl::Status Migrate(storage::Database& db);

class TestEvaluation {
 public:
  TestEvaluation(storage::Database& db,
                 std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> feeds,
                 const Clock& clock, int secrecy_k = 5);
  ~TestEvaluation();

  absl::Status Start();  // migrations, server, consumers
  void Stop();           // consumers and server, as a shutdown would
  // Until every consumer's checkpoint reached the feeds' heads (at most 30 s).
  bool WaitCaughtUp(ScriptedFeeds& feeds);

  void Authorize(grpc::ClientContext& ctx, const std::string& token) const;
  v1::Evaluation::Stub& stub() { return *stub_; }
  EvaluationParts& parts() { return *parts_; }
  prometheus::Registry& registry() { return *registry_; }
  storage::Database& db() { return db_; }

 private:
  storage::Database& db_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<EvaluationParts> parts_;
  std::unique_ptr<v1::Evaluation::Stub> stub_;
  absl::Status built_;
};

}  // namespace parcours::evaluation::testing

#endif  // PARCOURS_SERVICES_EVALUATION_TESTS_TEST_EVALUATION_H_
