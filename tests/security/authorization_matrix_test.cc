// The cross-service authorization matrix: each of the five real server binaries is started
// on 127.0.0.1:0 over SQLite, and EVERY RPC its generated service descriptors declare (the
// service's own, EventFeed, AuditLog, health) is called over real gRPC with every role,
// every service identity, no token, an expired JWT, a JWT signed by another key, a JWT for
// another audience and an unknown static token. The outcome is checked against the
// expected matrix below, which is the specification: it is written here, independently of
// the services' authorization tables.
//
// Allowed: anything but UNAUTHENTICATED, PERMISSION_DENIED or UNIMPLEMENTED (an empty request
// typically gets INVALID_ARGUMENT). Denied: PERMISSION_DENIED. Bad tokens: UNAUTHENTICATED.
// An RPC of a descriptor with no line in the matrix fails the test, and so does a matrix line
// naming an RPC the descriptor does not have; every line allows someone, so an RPC missing
// from a service's table (denied to all) fails too.
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/testing/rsa_key_pair.h"
#include "libs/testing/subprocess.h"
#include "nlohmann/json.hpp"
#include "parcours/audit/v1/audit.grpc.pb.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "parcours/events/v1/events.grpc.pb.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"

namespace parcours::security {
namespace {

// ---------------------------------------------------------------------------------------
// Callers. Every person covers every territory ("*"), so that a denial can only come from
// the role, never from the scope (territory scoping has its own tests in each service).
const std::vector<std::string> kRoles = {
    "referent", "orientation_agent", "operator", "controller", "steering", "admin", "dpo"};
const std::vector<std::string> kServices = {"catalogue", "orientation", "contracts", "fraud",
                                            "evaluation"};
// Callers that must get UNAUTHENTICATED on every non-public RPC.
const std::vector<std::string> kBadTokens = {"no token", "expired jwt", "jwt of another key",
                                             "jwt for another audience", "unknown token"};

// ---------------------------------------------------------------------------------------
// The specification. Role letters: R référent, A orientation agent, O operator (structure),
// C controller, S steering, X admin, D DPO; services by name. "public" = no token needed.
// Steering sees aggregates and directories, never personal data; fraud data is for
// controllers (and admin for the files, not for sanctions); identity for those who accompany
// the person, the DPO and the services that need it; the audit log for the DPO only.
struct Line {
  std::string method;   // "Service/Method", Service as in the descriptor's name
  std::string allowed;  // "R A X service:contracts" or "public"
};

std::set<std::string> Callers(const std::string& allowed) {
  static const std::map<std::string, std::string> kLetter = {
      {"R", "referent"},   {"A", "orientation_agent"}, {"O", "operator"},
      {"C", "controller"}, {"S", "steering"},          {"X", "admin"},
      {"D", "dpo"}};
  std::set<std::string> out;
  for (absl::string_view part : absl::StrSplit(allowed, ' ', absl::SkipEmpty())) {
    auto it = kLetter.find(std::string(part));
    out.insert(it != kLetter.end() ? it->second : std::string(part));
  }
  return out;
}

// Common to every service: health is open, the feed head is a sequence number (open), the
// feed itself goes to the services that follow feeds and to admin, the audit log to the DPO.
std::vector<Line> Common(const std::string& self) {
  return {
      {"grpc.health.v1.Health/Check", "public"},
      {"parcours.events.v1.EventFeed/GetFeedHead", "public"},
      {"parcours.events.v1.EventFeed/StreamEvents",
       "X service:evaluation service:fraud service:contracts service:" + self},
      {"parcours.audit.v1.AuditLog/ListAuditRecords", "D"},
  };
}

std::vector<Line> CatalogueSpec() {
  const std::string c = "parcours.catalogue.v1.Catalogue/";
  const std::string readers =
      "R A O C S X service:orientation service:contracts service:evaluation";
  return {
      {c + "CreateStructure", "X"},
      {c + "GetStructure", readers},
      {c + "ListStructures", readers},
      {c + "UpdateStructure", "O X"},
      {c + "CloseStructure", "X"},
      {c + "CreateOffer", "O X"},
      {c + "GetOffer", readers},
      {c + "ListOffers", readers},
      {c + "UpdateOffer", "O X"},
      {c + "PublishOffer", "O X"},
      {c + "SuspendOffer", "O X"},
      {c + "ArchiveOffer", "O X"},
      {c + "SearchOffers", readers},
      // Prescriptions name a (pseudonymous) person: no steering, no controller.
      // Of the services, only contracts reads one (by the id a contract action names).
      {c + "CreatePrescription", "R A X"},
      {c + "GetPrescription", "R A O X service:contracts"},
      {c + "ListPrescriptions", "R A O X"},
      {c + "AcceptPrescription", "O X"},
      {c + "RefusePrescription", "O X"},
      {c + "StartPrescription", "O X"},
      {c + "CompletePrescription", "O X"},
      {c + "AbandonPrescription", "O X"},
      {c + "CancelPrescription", "R A X"},
      {c + "GetMobilisation", "R A O S X service:evaluation"},
      {c + "ImportDataInclusion", "X"},
      {c + "ExportDataInclusion", "S X"},
  };
}

std::vector<Line> OrientationSpec() {
  const std::string o = "parcours.orientation.v1.Orientation/";
  return {
      {o + "GetBeneficiary", "R A X D"},  // identity: no peer service, contracts included
      {o + "ListBeneficiaries", "R A X D"},
      {o + "UpdateBeneficiary", "R A X"},
      {o + "ImportCafFlow", "A X"},
      {o + "CreateInformationSession", "A X"},
      {o + "ListInformationSessions", "R A S X"},
      {o + "ConveneEntrants", "A X"},
      {o + "RecordAttendance", "A X"},
      {o + "ListConvocations", "R A X D"},
      {o + "SuggestOrientation", "R A X"},
      {o + "DecideOrientation", "A X"},
      {o + "RequestReorientation", "R A X"},
      {o + "DecideReorientation", "A X"},
      {o + "GetOrientationHistory", "R A X D"},
      {o + "GetOrientationStatus", "R A X service:contracts"},  // pseudonymous, for peers
      {o + "CreateReferent", "A X"},
      {o + "GetReferent", "R A S X service:contracts"},
      {o + "ListReferents", "R A S X service:contracts"},
      {o + "PublishSlots", "R A X"},
      {o + "ListFreeSlots", "R A X"},
      {o + "BookAppointment", "R A X"},
      {o + "CancelAppointment", "R A X"},
      {o + "RecordAppointmentOutcome", "R A X"},
      {o + "GetQueueCounts", "A S X service:evaluation"},
      {o + "ListQueue", "A X"},
  };
}

std::vector<Line> ContractsSpec() {
  const std::string k = "parcours.contracts.v1.Contracts/";
  std::vector<Line> lines;
  for (const char* m : {"CreateContract", "UpdateContract", "SubmitContract", "SignContract",
                        "SuspendContract", "ResumeContract", "CompleteContract",
                        "TerminateContract", "RenewContract", "RecordReview"}) {
    lines.push_back({k + m, "R X"});  // the référent writes the contract
  }
  // Evaluation projects contracts from the pseudonymous feed: no reading of contracts.
  lines.push_back({k + "GetContract", "R A X"});
  lines.push_back({k + "ListContracts", "R A X"});
  lines.push_back({k + "ListOverdue", "R A X"});
  lines.push_back({k + "GetOverdueCounts", "R A S X"});
  lines.push_back({k + "GetContractualisationRate", "A S X service:evaluation"});
  lines.push_back({k + "GetTimeWithoutContract", "X service:fraud"});
  lines.push_back({k + "RunDeadlineJob", "X"});
  for (const char* m :
       {"OpenProcedure", "GetProcedure", "ListProcedures", "NotifyProcedure", "RecordObservations",
        "ReferProcedure", "ApplyProcedure", "CloseProcedure", "CancelProcedure"}) {
    lines.push_back({k + m, "R A X"});
  }
  lines.push_back({k + "DecideProcedure", "A X"});  // a person decides a sanction, not a service
  return lines;
}

std::vector<Line> FraudSpec() {
  const std::string f = "parcours.fraud.v1.Fraud/";
  std::vector<Line> lines;
  for (const char* m : {"ImportHouseholds", "ImportDeclarations", "ImportCrossChecks",
                        "ImportReports", "GetHousehold", "ScoreHousehold", "ListScores",
                        "RunBatchScoring", "RescoreDirty", "GetCase", "ListCases", "AssignCase",
                        "StartControl", "RecordAnswer", "RecordRecovery", "CloseCase"}) {
    lines.push_back({f + m, "C X"});
  }
  lines.push_back({f + "QualifyCase", "C"});  // sanctions: controllers only, not even admin
  lines.push_back({f + "ImposeFine", "C"});
  lines.push_back({f + "GetRuleSet", "C S X service:evaluation"});
  lines.push_back({f + "GetStatistics", "C S X service:evaluation"});
  return lines;
}

std::vector<Line> EvaluationSpec() {
  const std::string e = "parcours.evaluation.v1.Evaluation/";
  return {
      {e + "GetBilan", "R S X"},
      {e + "ListCohorts", "R S X"},
      {e + "ListOfferEvaluations", "R S X"},
      {e + "GetSurveyResults", "R S X"},
      {e + "ExportCsv", "R S X"},
      {e + "CreateSurvey", "S X"},
      {e + "SubmitSurveyResponse", "R O"},
      {e + "GetFeedLag", "S X"},
  };
}

struct ServiceUnderTest {
  std::string name;
  std::string binary;
  std::vector<std::string> descriptors;  // full service names whose every RPC is checked
  std::vector<Line> spec;
};

std::vector<ServiceUnderTest> Services() {
  auto with_common = [](std::string name, std::vector<Line> own) {
    for (Line& l : Common(name)) own.push_back(std::move(l));
    return own;
  };
  const std::vector<std::string> common = {"grpc.health.v1.Health", "parcours.events.v1.EventFeed",
                                           "parcours.audit.v1.AuditLog"};
  auto descriptors = [&](const std::string& own) {
    std::vector<std::string> d = common;
    d.push_back(own);
    return d;
  };
  return {
      {"catalogue", PARCOURS_BIN_CATALOGUE_SERVER, descriptors("parcours.catalogue.v1.Catalogue"),
       with_common("catalogue", CatalogueSpec())},
      {"orientation", PARCOURS_BIN_ORIENTATION_SERVER,
       descriptors("parcours.orientation.v1.Orientation"),
       with_common("orientation", OrientationSpec())},
      {"contracts", PARCOURS_BIN_CONTRACTS_SERVER, descriptors("parcours.contracts.v1.Contracts"),
       with_common("contracts", ContractsSpec())},
      {"fraud", PARCOURS_BIN_FRAUD_SERVER, descriptors("parcours.fraud.v1.Fraud"),
       with_common("fraud", FraudSpec())},
      {"evaluation", PARCOURS_BIN_EVALUATION_SERVER,
       descriptors("parcours.evaluation.v1.Evaluation"),
       with_common("evaluation", EvaluationSpec())},
  };
}

// ---------------------------------------------------------------------------------------
// An identity provider made at run time: an RSA key published in a JWKS file, another key
// the services do not know, and JWTs signed with either.
using KeyPair = testutil::RsaKeyPair;
KeyPair NewKeyPair() { return testutil::NewRsaKeyPair(); }

constexpr char kIssuer[] = "https://sso.test/realms/agents";
constexpr char kAudience[] = "parcours";

std::string SignJwt(const KeyPair& key, const std::string& role, const std::string& audience,
                    absl::Duration expires_in) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  nlohmann::json claims = {{"iss", kIssuer},
                           {"sub", "user-" + role},
                           {"aud", audience},
                           {"iat", now - 600},
                           {"exp", now + absl::ToInt64Seconds(expires_in)},
                           {"roles", {role}},
                           {"territories", {"*"}}};
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims.dump().c_str());
  jwt_add_header(jwt, "kid", "k1");
  jwt_set_alg(jwt, JWT_ALG_RS256, reinterpret_cast<const unsigned char*>(key.private_pem.data()),
              static_cast<int>(key.private_pem.size()));
  char* out = jwt_encode_str(jwt);
  std::string token = out ? out : "";
  free(out);
  jwt_free(jwt);
  return token;
}

// ---------------------------------------------------------------------------------------
// One generic call of any RPC, whatever its kind: an empty message for unary and
// server-streaming methods, none for client-streaming ones; responses read to the end.
grpc::StatusCode CallGeneric(grpc::GenericStub& stub, const std::string& method,
                             bool client_streaming, const std::string& token,
                             std::chrono::milliseconds deadline) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.AddMetadata("x-parcours-purpose", "authorization matrix test");
  grpc::CompletionQueue cq;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call = stub.PrepareCall(&ctx, method, &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int n) {
    EXPECT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(tag, reinterpret_cast<void*>(static_cast<intptr_t>(n)));
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  bool open = step(1);
  if (open && !client_streaming) {
    grpc::Slice empty("");
    grpc::ByteBuffer message(&empty, 1);
    call->Write(message, reinterpret_cast<void*>(2));
    open = step(2);
  }
  if (open) {
    call->WritesDone(reinterpret_cast<void*>(3));
    step(3);
  }
  grpc::ByteBuffer response;
  while (open) {
    call->Read(&response, reinterpret_cast<void*>(4));
    open = step(4);
  }
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status.error_code();
}

// The service descriptor, through a message of its file (which also links that file's
// generated code into this binary: the generated pool only knows linked files).
const google::protobuf::ServiceDescriptor* FindService(const std::string& full_name) {
  const std::vector<const google::protobuf::FileDescriptor*> files = {
      grpc::health::v1::HealthCheckRequest::descriptor()->file(),
      events::v1::FeedHead::descriptor()->file(),
      audit::v1::ListAuditRecordsResponse::descriptor()->file(),
      catalogue::v1::GetOfferRequest::descriptor()->file(),
      orientation::v1::GetBeneficiaryRequest::descriptor()->file(),
      contracts::v1::GetContractRequest::descriptor()->file(),
      fraud::v1::GetCaseRequest::descriptor()->file(),
      evaluation::v1::GetBilanRequest::descriptor()->file(),
  };
  for (const auto* f : files) {
    for (int i = 0; i < f->service_count(); ++i) {
      if (f->service(i)->full_name() == full_name) return f->service(i);
    }
  }
  return nullptr;
}

void PrintTo(const ServiceUnderTest& s, std::ostream* os) { *os << s.name; }

class AuthorizationMatrixTest : public ::testing::TestWithParam<ServiceUnderTest> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/authz_matrix_" + std::to_string(getpid()));
    std::system(("rm -rf " + *dir_ + " && mkdir -p " + *dir_).c_str());
    // Static tokens: one per role and one per service identity.
    nlohmann::json tokens = nlohmann::json::array();
    tokens_ = new std::map<std::string, std::string>();
    for (const std::string& role : kRoles) {
      (*tokens_)[role] = "tok-" + role;
    }
    for (const std::string& s : kServices) (*tokens_)["service:" + s] = "tok-svc-" + s;
    for (const auto& [caller, token] : *tokens_) {
      tokens.push_back({{"sha256", auth::Sha256Hex(token)},
                        {"subject", caller},
                        {"roles", {caller}},
                        {"territories", {"*"}},
                        {"structure_id", ""}});
    }
    std::ofstream(*dir_ + "/tokens.json") << tokens.dump();
    const KeyPair idp = NewKeyPair();
    const KeyPair other = NewKeyPair();
    nlohmann::json jwks = {{"keys",
                            {{{"kty", "RSA"},
                              {"kid", "k1"},
                              {"alg", "RS256"},
                              {"use", "sig"},
                              {"n", idp.n},
                              {"e", idp.e}}}}};
    std::ofstream(*dir_ + "/jwks.json") << jwks.dump();
    (*tokens_)["no token"] = "";
    (*tokens_)["expired jwt"] = SignJwt(idp, "admin", kAudience, absl::Hours(-2));
    (*tokens_)["jwt of another key"] = SignJwt(other, "admin", kAudience, absl::Hours(1));
    (*tokens_)["jwt for another audience"] = SignJwt(idp, "admin", "other-app", absl::Hours(1));
    (*tokens_)["unknown token"] = "tok-nobody";
    // The positive control for the three bad JWTs: the same JWT, well made, is accepted.
    (*tokens_)["valid jwt (admin)"] = SignJwt(idp, "admin", kAudience, absl::Hours(1));
  }
  static void TearDownTestSuite() {
    std::system(("rm -rf " + *dir_).c_str());
    delete dir_;
    delete tokens_;
  }

  // Starts the service's real binary; returns its gRPC port once health says SERVING.
  int StartServer(const ServiceUnderTest& s) {
    const int nowhere = testutil::FreeLoopbackPort();  // peers: nothing listens there
    std::map<std::string, std::string> env = {
        {"GRPC_ADDRESS", "127.0.0.1:0"},
        {"METRICS_ADDRESS", ""},
        {"HEALTH_ADDRESS", ""},
        {"DATABASE_URL", "sqlite://" + *dir_ + "/" + s.name + ".db"},
        {"PARCOURS_DATA_DIR", *dir_},
        {"REDIS_URL", ""},
        {"AUTH_TOKENS_FILE", *dir_ + "/tokens.json"},
        {"OIDC_JWKS_FILE", *dir_ + "/jwks.json"},
        {"OIDC_ISSUER", kIssuer},
        {"OIDC_AUDIENCE", kAudience},
        {"SERVICE_TOKEN", "tok-svc-" + s.name},
        {"RATE_LIMIT_RPS", "0"},
        {"CONTRACTS_FOLLOW_ORIENTATION", "false"},
    };
    for (const std::string& peer : kServices) {
      std::string upper = peer;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      env[upper + "_ADDR"] = absl::StrCat("127.0.0.1:", nowhere);
    }
    // PARCOURS_MATRIX_<NAME>_SERVER runs the matrix against another build of a binary.
    std::string upper_name = s.name;
    for (char& c : upper_name) c = static_cast<char>(std::toupper(c));
    const char* other = std::getenv(("PARCOURS_MATRIX_" + upper_name + "_SERVER").c_str());
    server_ = std::make_unique<testutil::Subprocess>(
        std::vector<std::string>{other != nullptr ? std::string(other) : s.binary}, env);
    if (!server_->Start().ok()) return -1;
    auto line = server_->WaitForLine("\"listening\"", absl::Seconds(30));
    if (!line) return -1;
    const int port = testutil::JsonIntField(*line, "grpc_port");
    auto health = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    for (absl::Time until = absl::Now() + absl::Seconds(30); absl::Now() < until;
         absl::SleepFor(absl::Milliseconds(100))) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
      grpc::health::v1::HealthCheckResponse resp;
      if (health->Check(&ctx, {}, &resp).ok() &&
          resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
        return port;
      }
    }
    return -1;
  }

  void TearDown() override {
    if (server_) {
      server_->Signal(SIGTERM);
      server_->Wait(absl::Seconds(15));
    }
  }

  static std::string* dir_;
  static std::map<std::string, std::string>* tokens_;
  std::unique_ptr<testutil::Subprocess> server_;
};

std::string* AuthorizationMatrixTest::dir_ = nullptr;
std::map<std::string, std::string>* AuthorizationMatrixTest::tokens_ = nullptr;

bool IsAllowed(grpc::StatusCode c) {
  return c != grpc::StatusCode::UNAUTHENTICATED && c != grpc::StatusCode::PERMISSION_DENIED &&
         c != grpc::StatusCode::UNIMPLEMENTED;
}

TEST_P(AuthorizationMatrixTest, EveryRpcWithEveryCaller) {
  const ServiceUnderTest& s = GetParam();

  // The matrix covers exactly the RPCs of the generated descriptors.
  std::map<std::string, const google::protobuf::MethodDescriptor*> rpcs;
  for (const std::string& full : s.descriptors) {
    const auto* service = FindService(full);
    ASSERT_NE(service, nullptr) << full;
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      if (full == "grpc.health.v1.Health" && m->name() == "Watch") continue;  // never ends
      rpcs[full + "/" + m->name()] = m;
    }
  }
  std::map<std::string, std::set<std::string>> spec;
  for (const Line& l : s.spec) {
    EXPECT_TRUE(spec.emplace(l.method, Callers(l.allowed)).second) << "twice: " << l.method;
    EXPECT_FALSE(spec[l.method].empty()) << l.method << " allows nobody";
    EXPECT_TRUE(rpcs.contains(l.method)) << l.method << " is in the matrix but not in the proto";
  }
  for (const auto& [method, _] : rpcs) {
    EXPECT_TRUE(spec.contains(method)) << method << " has no line in the expected matrix";
  }

  const int port = StartServer(s);
  ASSERT_GT(port, 0) << s.name << " did not reach SERVING";
  grpc::GenericStub stub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));

  int calls = 0;
  for (const auto& [method, descriptor] : rpcs) {
    auto line = spec.find(method);
    if (line == spec.end()) continue;
    const std::set<std::string>& allowed = line->second;
    const bool is_public = allowed.contains("public");
    // The feed streams until its deadline once allowed; everything else answers at once.
    const auto deadline =
        descriptor->server_streaming() && method.find("EventFeed") != std::string::npos
            ? std::chrono::milliseconds(300)
            : std::chrono::milliseconds(10000);
    for (const auto& [caller, token] : *tokens_) {
      const grpc::StatusCode code =
          CallGeneric(stub, "/" + method, descriptor->client_streaming(), token, deadline);
      ++calls;
      const bool bad = std::find(kBadTokens.begin(), kBadTokens.end(), caller) != kBadTokens.end();
      const std::string who = caller == "valid jwt (admin)" ? "admin" : caller;
      if (is_public) {
        EXPECT_TRUE(IsAllowed(code))
            << method << " is public, refused to " << caller << ": " << code;
      } else if (bad) {
        EXPECT_EQ(code, grpc::StatusCode::UNAUTHENTICATED) << method << " with " << caller;
      } else if (allowed.contains(who)) {
        EXPECT_TRUE(IsAllowed(code))
            << method << " must be allowed to " << caller << ", got " << code;
      } else {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED)
            << method << " must be denied to " << caller;
      }
    }
  }
  EXPECT_GT(calls, 0);
  std::cout << s.name << ": " << rpcs.size() << " RPCs x " << tokens_->size()
            << " callers = " << calls << " calls checked\n";
}

// No RPC can change the audit store: its service has one RPC, a list (the triggers that
// refuse UPDATE and DELETE are tested on both drivers in libs/audit/audit_test.cc).
TEST(AuditStore, TheOnlyRpcIsAList) {
  const auto* audit = FindService("parcours.audit.v1.AuditLog");
  ASSERT_NE(audit, nullptr);
  ASSERT_EQ(audit->method_count(), 1);
  EXPECT_EQ(audit->method(0)->name(), "ListAuditRecords");
  EXPECT_FALSE(audit->method(0)->client_streaming());
}

INSTANTIATE_TEST_SUITE_P(AllServices, AuthorizationMatrixTest, ::testing::ValuesIn(Services()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace parcours::security
