#include "tools/parcoursctl/import_commands.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/errors/grpc_status.h"
#include "nlohmann/json.hpp"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "services/fraud/ingest/jsonl.h"
#include "services/orientation/domain/caf_flow_csv.h"
#include "services/orientation/proto_mapping.h"
#include "tools/parcoursctl/exit_codes.h"

namespace parcours::ctl {
namespace {

constexpr char kUsage[] =
    "import caf|data-inclusion|referents|households|declarations|cross-checks|reports FILE "
    "[--publish] [--batch=500] [--token=…] [--target=host:port] [--timeout=10m]";

int Rejected(int64_t rejected) { return rejected == 0 ? kExitOk : kExitFailed; }

int ImportCaf(Cli& cli, std::istream& in) {
  namespace v1 = orientation::v1;
  auto channel = cli.Channel("orientation");
  if (!channel) return cli.Fail(cli.channel_error());
  auto stub = v1::Orientation::NewStub(channel);
  orientation::CafCsvReader reader(in);
  if (absl::Status s = reader.ReadHeader(); !s.ok()) return cli.Fail(s);
  grpc::ClientContext ctx;
  cli.Prepare(ctx);
  v1::ImportCafFlowResponse resp;
  auto writer = stub->ImportCafFlow(&ctx, &resp);
  std::vector<int> lines;  // stream index → file line
  absl::Status local;
  while (true) {
    absl::StatusOr<std::optional<orientation::CafRecord>> r = reader.Next();
    if (!r.ok()) {
      local = r.status();
      break;
    }
    if (!r->has_value()) break;
    lines.push_back(reader.line());
    if (!writer->Write(orientation::CafRecordToProto(**r))) break;  // the server ended it
  }
  if (!local.ok()) {
    ctx.TryCancel();
    writer->Finish();
    return cli.Fail(local);
  }
  writer->WritesDone();
  absl::Status s = errors::FromGrpcStatus(writer->Finish());
  if (!s.ok()) return cli.Fail(s);
  std::cout << "received " << resp.received() << ", applied " << resp.applied() << ", unchanged "
            << resp.unchanged() << ", rejected " << resp.rejected() << "\n";
  for (const v1::CafRecordRejection& r : resp.rejections()) {
    const int line = r.index() >= 0 && r.index() < static_cast<int64_t>(lines.size())
                         ? lines[static_cast<size_t>(r.index())]
                         : 0;
    std::cout << "  rejected record " << r.index() << " (line " << line << "): " << r.field()
              << ": " << r.reason() << "\n";
  }
  return Rejected(resp.rejected());
}

int ImportDataInclusion(Cli& cli, std::istream& in, bool publish, int64_t batch) {
  namespace v1 = catalogue::v1;
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return cli.Fail(absl::InvalidArgumentError("the file is not a JSON object"));
  }
  auto channel = cli.Channel("catalogue");
  if (!channel) return cli.Fail(cli.channel_error());
  auto stub = v1::Catalogue::NewStub(channel);
  int64_t created = 0, updated = 0, unchanged = 0, rejected = 0;
  std::vector<std::string> problems;
  // Structures first: services name their structure by its data·inclusion id.
  for (const char* key : {"structures", "services"}) {
    if (!doc.contains(key)) continue;
    const nlohmann::json& items = doc[key];
    if (!items.is_array()) {
      return cli.Fail(absl::InvalidArgumentError(absl::StrCat("\"", key, "\" is not an array")));
    }
    for (size_t from = 0; from < items.size(); from += static_cast<size_t>(batch)) {
      nlohmann::json part = nlohmann::json::object();
      part[key] = nlohmann::json::array();
      for (size_t i = from; i < items.size() && i < from + static_cast<size_t>(batch); ++i) {
        part[key].push_back(items[i]);
      }
      v1::ImportDataInclusionRequest req;
      req.set_json(part.dump());
      req.set_publish(publish);
      v1::ImportDataInclusionResponse resp;
      absl::Status s = cli.Call(
          [&](grpc::ClientContext& ctx) { return stub->ImportDataInclusion(&ctx, req, &resp); });
      if (!s.ok()) return cli.Fail(s);
      created += resp.created();
      updated += resp.updated();
      unchanged += resp.unchanged();
      rejected += resp.rejected();
      for (const v1::ImportRecordReport& r : resp.records()) {
        if (r.outcome() != "rejected") continue;
        std::string line = absl::StrCat("  rejected ", r.kind(), " ", from + r.index(), " (",
                                        r.external_id(), "):");
        for (const std::string& e : r.errors()) absl::StrAppend(&line, " ", e, ";");
        problems.push_back(line);
      }
    }
  }
  std::cout << "created " << created << ", updated " << updated << ", unchanged " << unchanged
            << ", rejected " << rejected << "\n";
  for (const std::string& p : problems) std::cout << p << "\n";
  return Rejected(rejected);
}

// Lines that do not parse are reported here and not sent; the others stream.
template <typename Record, typename Open>
int ImportFraud(Cli& cli, std::istream& in, Open open) {
  namespace v1 = fraud::v1;
  auto channel = cli.Channel("fraud");
  if (!channel) return cli.Fail(cli.channel_error());
  auto stub = v1::Fraud::NewStub(channel);
  grpc::ClientContext ctx;
  cli.Prepare(ctx);
  v1::ImportSummary summary;
  auto writer = open(*stub, ctx, summary);
  std::vector<int64_t> lines;
  std::vector<std::string> unreadable;
  fraud::ForEachJsonLine<Record>(in, [&](int64_t line, absl::StatusOr<Record> r) {
    if (!r.ok()) {
      unreadable.push_back(absl::StrCat("  unreadable line ", line, ": ", r.status().message()));
      return true;
    }
    lines.push_back(line);
    return writer->Write(*r);
  });
  writer->WritesDone();
  absl::Status s = errors::FromGrpcStatus(writer->Finish());
  if (!s.ok()) return cli.Fail(s);
  std::cout << "received " << summary.received() << ", accepted " << summary.accepted()
            << ", rejected " << summary.rejected() + static_cast<int64_t>(unreadable.size())
            << ", households marked for rescoring " << summary.households_marked_for_rescoring()
            << "\n";
  for (const std::string& u : unreadable) std::cout << u << "\n";
  for (const v1::Rejection& r : summary.rejections()) {
    const int64_t line = r.index() >= 0 && r.index() < static_cast<int64_t>(lines.size())
                             ? lines[static_cast<size_t>(r.index())]
                             : 0;
    std::cout << "  rejected record " << r.index() << " (line " << line << "): " << r.field()
              << ": " << r.reason() << "\n";
  }
  return Rejected(summary.rejected() + static_cast<int64_t>(unreadable.size()));
}

int ImportReferents(Cli& cli, std::istream& in) {
  namespace v1 = orientation::v1;
  auto channel = cli.Channel("orientation");
  if (!channel) return cli.Fail(cli.channel_error());
  auto stub = v1::Orientation::NewStub(channel);
  int64_t referents = 0, slots = 0, rejected = 0;
  std::string line;
  int number = 0;
  auto reject = [&](const absl::Status& s) {
    ++rejected;
    std::cout << "  rejected line " << number << ": " << absl::StatusCodeToString(s.code()) << ": "
              << s.message() << "\n";
  };
  while (std::getline(in, line)) {
    ++number;
    if (fraud::IsSkippableLine(line)) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      reject(absl::InvalidArgumentError("not a JSON object"));
      continue;
    }
    nlohmann::json slot_items = j.contains("slots") ? j["slots"] : nlohmann::json::array();
    j.erase("slots");
    v1::CreateReferentRequest create;
    if (auto s = google::protobuf::util::JsonStringToMessage(j.dump(), &create); !s.ok()) {
      reject(absl::InvalidArgumentError(std::string(s.message())));
      continue;
    }
    v1::PublishSlotsRequest publish;
    bool readable = true;
    for (const nlohmann::json& item : slot_items) {
      if (auto s = google::protobuf::util::JsonStringToMessage(item.dump(), publish.add_slots());
          !s.ok()) {
        reject(absl::InvalidArgumentError(absl::StrCat("slots: ", s.message().ToString())));
        readable = false;
        break;
      }
    }
    if (!readable) continue;
    v1::Referent referent;
    absl::Status s = cli.Call(
        [&](grpc::ClientContext& ctx) { return stub->CreateReferent(&ctx, create, &referent); });
    if (!s.ok()) {
      if (s.code() != absl::StatusCode::kInvalidArgument) return cli.Fail(s);
      reject(s);
      continue;
    }
    ++referents;
    if (publish.slots_size() == 0) continue;
    publish.set_referent_id(referent.id());
    v1::PublishSlotsResponse published;
    s = cli.Call(
        [&](grpc::ClientContext& ctx) { return stub->PublishSlots(&ctx, publish, &published); });
    if (!s.ok()) {
      if (s.code() != absl::StatusCode::kInvalidArgument) return cli.Fail(s);
      reject(s);
      continue;
    }
    slots += published.slots_size();
  }
  std::cout << "référents " << referents << ", slots " << slots << ", rejected " << rejected
            << "\n";
  return Rejected(rejected);
}

}  // namespace

int RunImport(Cli& cli) {
  const bool publish = cli.flags().Bool("PUBLISH", false);
  const int64_t batch = cli.flags().Int("BATCH", 500, 1, 100000);
  if (!cli.Finish(2, 2, kUsage).ok()) return kExitUsage;
  const std::string& kind = cli.args()[0];
  std::ifstream in(cli.args()[1], std::ios::binary);
  if (!in) {
    std::cerr << "parcoursctl " << cli.command() << ": cannot read " << cli.args()[1] << "\n";
    return kExitUsage;
  }
  namespace fv1 = fraud::v1;
  using Stub = fv1::Fraud::Stub;
  if (kind == "caf") return ImportCaf(cli, in);
  if (kind == "data-inclusion") return ImportDataInclusion(cli, in, publish, batch);
  if (kind == "referents") return ImportReferents(cli, in);
  if (kind == "households") {
    return ImportFraud<fv1::HouseholdRecord>(
        cli, in, [](Stub& s, auto& ctx, auto& out) { return s.ImportHouseholds(&ctx, &out); });
  }
  if (kind == "declarations") {
    return ImportFraud<fv1::DeclarationRecord>(
        cli, in, [](Stub& s, auto& ctx, auto& out) { return s.ImportDeclarations(&ctx, &out); });
  }
  if (kind == "cross-checks") {
    return ImportFraud<fv1::CrossCheckRecord>(
        cli, in, [](Stub& s, auto& ctx, auto& out) { return s.ImportCrossChecks(&ctx, &out); });
  }
  if (kind == "reports") {
    return ImportFraud<fv1::SocialWorkerReport>(
        cli, in, [](Stub& s, auto& ctx, auto& out) { return s.ImportReports(&ctx, &out); });
  }
  std::cerr << "parcoursctl import: unknown kind " << kind << "\nusage: parcoursctl " << kUsage
            << "\n";
  return kExitUsage;
}

}  // namespace parcours::ctl
