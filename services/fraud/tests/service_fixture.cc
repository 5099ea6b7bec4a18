#include "services/fraud/tests/service_fixture.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/cache/open_cache.h"
#include "libs/storage/migrations.h"
#include "services/fraud/authorization.h"
#include "services/fraud/build.h"

namespace parcours::fraud::testing {
namespace {

std::string TokenEntry(const std::string& token, const std::string& role,
                       const std::string& territory) {
  return absl::StrCat(R"({"sha256":")", auth::Sha256Hex(token), R"(","subject":")", token,
                      R"(","roles":[")", role, R"("],"territories":[")", territory, R"("]})");
}

}  // namespace

std::vector<std::string> AllTokens() {
  return {kController, kControllerEst, kAdmin, kSteering, kReferent, kEvaluation, kDpo};
}

void Auth(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.AddMetadata("x-parcours-purpose", "control");
}

// Pseudonymous ids that do not contain the CAF number (digits become letters).
std::string Pseudonym(const std::string& caf) {
  std::string out = caf;
  for (char& ch : out) ch = static_cast<char>('a' + (ch - '0'));
  return out;
}

v1::HouseholdRecord Household(const std::string& caf, const std::string& tad) {
  v1::HouseholdRecord r;
  r.set_caf_number(caf);
  r.set_beneficiary_id("ben_" + Pseudonym(caf));
  r.add_member_ids("mem_" + Pseudonym(caf) + "_1");
  r.add_member_ids("mem_" + Pseudonym(caf) + "_2");
  r.mutable_address()->set_street("1 rue de la Paix");
  r.mutable_address()->set_postal_code("91000");
  r.mutable_address()->set_commune_insee("91228");
  r.mutable_address()->set_country("FR");
  r.set_bank_account_fingerprint("fp_" + caf);
  r.set_monthly_rsa_cents(60000);
  r.mutable_rsa_since()->set_year(2021);
  r.mutable_rsa_since()->set_month(3);
  r.mutable_rsa_since()->set_day(1);
  r.mutable_territory()->set_tad(tad);
  r.mutable_territory()->set_mds("MDS-EVRY");
  return r;
}

v1::DeclarationRecord Declaration(const std::string& caf, int year, int quarter,
                                  int64_t salary_cents) {
  v1::DeclarationRecord d;
  d.set_caf_number(caf);
  d.mutable_period()->set_year(year);
  d.mutable_period()->set_quarter(quarter);
  v1::IncomeAmount* a = d.add_amounts();
  a->set_category(v1::INCOME_CATEGORY_SALARY);
  a->set_amount_cents(salary_cents);
  d.mutable_declared_on()->set_year(year + (quarter == 4 ? 1 : 0));
  d.mutable_declared_on()->set_month(quarter == 4 ? 1 : quarter * 3 + 1);
  d.mutable_declared_on()->set_day(5);
  return d;
}

v1::CrossCheckRecord IncomeSeen(const std::string& caf, const std::string& reference, int year,
                                int quarter, int64_t salary_cents) {
  v1::CrossCheckRecord c;
  c.set_caf_number(caf);
  c.set_source(v1::CROSS_CHECK_SOURCE_PAYROLL);
  c.set_reference(reference);
  c.mutable_period()->set_year(year);
  c.mutable_period()->set_quarter(quarter);
  c.set_kind(v1::FACT_KIND_INCOME);
  c.set_category(v1::INCOME_CATEGORY_SALARY);
  c.set_amount_cents(salary_cents);
  return c;
}

void FraudServiceFixture::SetUp() {
  auto created = testutil::TestDatabase::Create("sqlite");
  ASSERT_TRUE(created.ok()) << created.status();
  test_db_ = std::move(*created);
  ASSERT_TRUE(storage::ApplyMigrations(db(), runtime::AllMigrations(Migrations())).ok());

  std::string tokens = "[";
  tokens += TokenEntry(kController, "controller", "*") + ",";
  tokens += TokenEntry(kControllerEst, "controller", "TAD-EST") + ",";
  tokens += TokenEntry(kAdmin, "admin", "*") + ",";
  tokens += TokenEntry(kSteering, "steering", "*") + ",";
  tokens += TokenEntry(kReferent, "referent", "*") + ",";
  tokens += TokenEntry(kEvaluation, "service:evaluation", "*") + ",";
  tokens += TokenEntry(kDpo, "dpo", "*") + "]";
  auto verifier = auth::StaticTokenVerifier::FromJson(tokens);
  ASSERT_TRUE(verifier.ok()) << verifier.status();

  server::ServerOptions options;
  options.metrics_address = "";
  host_ = std::make_unique<server::ServiceHost>(options);
  authorizer_ = std::make_unique<auth::Authorizer>(
      std::shared_ptr<const auth::TokenVerifier>(std::move(*verifier)), AuthorizationTable());
  notifier_ = std::make_unique<events::FeedNotifier>();
  outbox_ = std::make_unique<events::Outbox>("fraud", *notifier_, clock_);
  audit_ = std::make_unique<audit::AuditLog>(db(), clock_);
  config_ = std::make_unique<config::ConfigReader>(
      std::vector<std::string>{},
      std::map<std::string, std::string>{{"FRAUD_RESCORE_INTERVAL", "0s"}});
  cache::RedisCacheOptions cache_options;
  cache_options.name = "fraud";  // no URL: the cache is off, as without REDIS_URL
  auto cache = cache::OpenCache(cache_options, host_->metrics());
  ASSERT_TRUE(cache.ok()) << cache.status();
  cache_ = std::move(*cache);
  ctx_ = std::unique_ptr<runtime::ServiceContext>(
      new runtime::ServiceContext{.name = name_,
                                  .config = *config_,
                                  .host = *host_,
                                  .db = db(),
                                  .cache = *cache_,
                                  .outbox = *outbox_,
                                  .feed_notifier = *notifier_,
                                  .authorizer = *authorizer_,
                                  .audit = *audit_,
                                  .metrics = host_->metrics(),
                                  .clock = clock_,
                                  .identity = {}});
  auto parts = BuildService(*ctx_, MakeContracts());
  ASSERT_TRUE(parts.ok()) << parts.status();
  parts_ = std::move(*parts);
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  ASSERT_TRUE(host_->Start().ok());
  ASSERT_TRUE(parts_->Start().ok());
  stub_ = v1::Fraud::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->grpc_port()),
                                                 grpc::InsecureChannelCredentials()));
}

std::unique_ptr<ContractsDirectory> FraudServiceFixture::MakeContracts() {
  auto contracts = std::make_unique<FakeContractsDirectory>();
  contracts_ = contracts.get();
  return contracts;
}

void FraudServiceFixture::TearDown() {
  if (parts_) parts_->Stop();
  if (host_) host_->Shutdown();
  stub_.reset();
  host_.reset();
  parts_.reset();
  test_db_.reset();
}

int64_t FraudServiceFixture::Count(const std::string& table) {
  auto tx = db().Begin(storage::TxMode::kRead);
  if (!tx.ok()) return -1;
  auto rs = (*tx)->Query("SELECT COUNT(*) FROM " + table);
  return rs.ok() ? rs->rows[0].Int(0) : -1;
}

template <typename Record, typename Method>
grpc::Status Stream(v1::Fraud::Stub& stub, Method method, const std::string& token,
                    const std::vector<Record>& records, v1::ImportSummary* out) {
  grpc::ClientContext ctx;
  Auth(ctx, token);
  auto writer = (stub.*method)(&ctx, out);
  for (const Record& r : records) {
    if (!writer->Write(r)) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

grpc::Status FraudServiceFixture::ImportHouseholds(const std::string& token,
                                                   const std::vector<v1::HouseholdRecord>& rs,
                                                   v1::ImportSummary* out) {
  return Stream(*stub_, &v1::Fraud::Stub::ImportHouseholds, token, rs, out);
}
grpc::Status FraudServiceFixture::ImportDeclarations(const std::string& token,
                                                     const std::vector<v1::DeclarationRecord>& rs,
                                                     v1::ImportSummary* out) {
  return Stream(*stub_, &v1::Fraud::Stub::ImportDeclarations, token, rs, out);
}
grpc::Status FraudServiceFixture::ImportCrossChecks(const std::string& token,
                                                    const std::vector<v1::CrossCheckRecord>& rs,
                                                    v1::ImportSummary* out) {
  return Stream(*stub_, &v1::Fraud::Stub::ImportCrossChecks, token, rs, out);
}
grpc::Status FraudServiceFixture::ImportReports(const std::string& token,
                                                const std::vector<v1::SocialWorkerReport>& rs,
                                                v1::ImportSummary* out) {
  return Stream(*stub_, &v1::Fraud::Stub::ImportReports, token, rs, out);
}

std::string FraudServiceFixture::HouseholdId(const std::string& caf) {
  auto tx = db().Begin(storage::TxMode::kRead);
  if (!tx.ok()) return "";
  auto rs = (*tx)->Query("SELECT id FROM households WHERE caf_number = ?", {caf});
  return rs.ok() && !rs->rows.empty() ? rs->rows[0].Text(0) : "";
}

v1::Case FraudServiceFixture::OpenCase(const std::string& caf, const std::string& tad) {
  v1::ImportSummary s;
  EXPECT_TRUE(ImportHouseholds(kController, {Household(caf, tad)}, &s).ok());
  // Two quarters declared at 0, 900 € of wages seen in one of them: income (40) +
  // declarations missing (25) = 65 >= 50.
  EXPECT_TRUE(ImportDeclarations(kController,
                                 {Declaration(caf, 2024, 3, 0), Declaration(caf, 2024, 4, 0)}, &s)
                  .ok());
  EXPECT_TRUE(
      ImportCrossChecks(kController, {IncomeSeen(caf, "dsn-" + caf, 2024, 3, 90000)}, &s).ok());
  grpc::ClientContext ctx;
  Auth(ctx, kController);
  v1::RescoreDirtyResponse rescored;
  EXPECT_TRUE(stub_->RescoreDirty(&ctx, {}, &rescored).ok());
  grpc::ClientContext list_ctx;
  Auth(list_ctx, kController);
  v1::ListCasesResponse cases;
  EXPECT_TRUE(stub_->ListCases(&list_ctx, {}, &cases).ok());
  const std::string household = HouseholdId(caf);
  for (const v1::Case& c : cases.cases()) {
    if (c.household_id() == household) return c;
  }
  ADD_FAILURE() << "no case opened for " << caf;
  return {};
}

}  // namespace parcours::fraud::testing
