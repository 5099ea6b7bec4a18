#include "tools/parcoursctl/resource_commands.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "tools/parcoursctl/exit_codes.h"

namespace parcours::ctl {
namespace {

namespace cv1 = catalogue::v1;
namespace ov1 = orientation::v1;
namespace kv1 = contracts::v1;
namespace fv1 = fraud::v1;

constexpr char kListUsage[] =
    "list offers|beneficiaries|contracts|cases [--status=…] [--tad=…] [--limit=N] [--count] "
    "[--page-size=100] [--purpose=…]";
constexpr char kGetUsage[] = "get offer|beneficiary|contract|case ID [--purpose=…]";

std::string Day(const common::v1::Date& d) {
  if (d.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// Status filter by enum name ("" = any); INVALID_ARGUMENT naming --status otherwise.
template <typename Enum>
absl::Status ParseStatus(const std::string& name, bool (*parse)(const std::string&, Enum*),
                         Enum* out) {
  if (name.empty()) return absl::OkStatus();
  if (!parse(name, out)) return absl::InvalidArgumentError("--status: unknown value " + name);
  return absl::OkStatus();
}

// Pages through a list: `page(token, &next)` fetches one page, prints or counts its rows
// and returns their number.
struct Lister {
  Cli& cli;
  int64_t limit;
  bool count_only;
  int64_t seen = 0;

  int Run(const std::string& header,
          const std::function<absl::Status(const std::string&, std::string*, int64_t*)>& page) {
    header_ = header;
    std::string token;
    do {
      std::string next;
      int64_t n = 0;
      absl::Status s = page(token, &next, &n);
      if (!s.ok()) return cli.Fail(s);
      seen += n;
      token = next;
    } while (!token.empty() && (limit == 0 || seen < limit));
    if (count_only) std::cout << seen << "\n";
    if (!count_only && !header_.empty()) std::cout << header_ << "\n";  // an empty list
    return kExitOk;
  }
  // Whether a row is still wanted (for --limit).
  bool Want(int64_t index_in_page) const { return limit == 0 || seen + index_in_page < limit; }
  // The header comes with the first row, so that a failed call prints no table.
  void Print(const std::vector<std::string>& cells) {
    if (count_only) return;
    if (!header_.empty()) std::cout << header_ << "\n";
    header_.clear();
    std::cout << absl::StrJoin(cells, "\t") << "\n";
  }
  std::string header_;
};

std::string Json(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

}  // namespace

int RunList(Cli& cli) {
  config::ConfigReader& f = cli.flags();
  const std::string status = f.String("STATUS", "");
  const std::string tad = f.String("TAD", "");
  const std::string mds = f.String("MDS", "");
  const std::string commune = f.String("COMMUNE", "");
  const std::string structure = f.String("STRUCTURE", "");
  const std::string beneficiary = f.String("BENEFICIARY", "");
  const int64_t limit = f.Int("LIMIT", 0, 0);
  const bool count_only = f.Bool("COUNT", false);
  const int page_size = static_cast<int>(f.Int("PAGE_SIZE", 100, 1, 500));
  if (!cli.Finish(1, 1, kListUsage).ok()) return kExitUsage;
  Lister lister{cli, limit, count_only};
  const std::string& what = cli.args()[0];

  if (what == "offers") {
    cv1::ListOffersRequest req;
    cv1::OfferStatus st = cv1::OFFER_STATUS_UNSPECIFIED;
    if (auto s = ParseStatus(status, &cv1::OfferStatus_Parse, &st); !s.ok())
      return cli.UsageError(s);
    req.set_status(st);
    req.set_structure_id(structure);
    req.set_page_size(page_size);
    auto ch = cli.Channel("catalogue");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = cv1::Catalogue::NewStub(ch);
    return lister.Run("id\tstatus\tstructure_id\ttitle", [&](const std::string& token,
                                                             std::string* next, int64_t* n) {
      req.set_page_token(token);
      cv1::ListOffersResponse resp;
      absl::Status s =
          cli.Call([&](grpc::ClientContext& ctx) { return stub->ListOffers(&ctx, req, &resp); });
      if (!s.ok()) return s;
      for (const cv1::Offer& o : resp.offers()) {
        if (!lister.Want(*n)) break;
        lister.Print({o.id(), cv1::OfferStatus_Name(o.status()), o.structure_id(), o.title()});
        ++*n;
      }
      *next = resp.next_page_token();
      return absl::OkStatus();
    });
  }
  if (what == "beneficiaries") {
    ov1::ListBeneficiariesRequest req;
    ov1::BeneficiaryStatus st = ov1::BENEFICIARY_STATUS_UNSPECIFIED;
    if (auto s = ParseStatus(status, &ov1::BeneficiaryStatus_Parse, &st); !s.ok()) {
      return cli.UsageError(s);
    }
    req.set_status(st);
    req.set_tad(tad);
    req.set_mds(mds);
    req.set_commune_insee(commune);
    req.set_page_size(page_size);
    auto ch = cli.Channel("orientation");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = ov1::Orientation::NewStub(ch);
    return lister.Run(
        "id\tstatus\ttad\tmds\tentry_date\tfollow_up",
        [&](const std::string& token, std::string* next, int64_t* n) {
          req.set_page_token(token);
          ov1::ListBeneficiariesResponse resp;
          absl::Status s = cli.Call(
              [&](grpc::ClientContext& ctx) { return stub->ListBeneficiaries(&ctx, req, &resp); });
          if (!s.ok()) return s;
          for (const ov1::Beneficiary& b : resp.beneficiaries()) {
            if (!lister.Want(*n)) break;
            lister.Print({b.id(), ov1::BeneficiaryStatus_Name(b.status()), b.territory().tad(),
                          b.territory().mds(), Day(b.entry_date()),
                          ov1::FollowUpStatus_Name(b.follow_up())});
            ++*n;
          }
          *next = resp.next_page_token();
          return absl::OkStatus();
        });
  }
  if (what == "contracts") {
    kv1::ListContractsRequest req;
    kv1::ContractStatus st = kv1::CONTRACT_STATUS_UNSPECIFIED;
    if (auto s = ParseStatus(status, &kv1::ContractStatus_Parse, &st); !s.ok()) {
      return cli.UsageError(s);
    }
    req.set_status(st);
    req.set_tad(tad);
    req.set_beneficiary_id(beneficiary);
    req.set_page_size(page_size);
    auto ch = cli.Channel("contracts");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = kv1::Contracts::NewStub(ch);
    return lister.Run(
        "id\tbeneficiary_id\tkind\tstatus\tstart_date\tend_date",
        [&](const std::string& token, std::string* next, int64_t* n) {
          req.set_page_token(token);
          kv1::ListContractsResponse resp;
          absl::Status s = cli.Call(
              [&](grpc::ClientContext& ctx) { return stub->ListContracts(&ctx, req, &resp); });
          if (!s.ok()) return s;
          for (const kv1::Contract& c : resp.contracts()) {
            if (!lister.Want(*n)) break;
            lister.Print({c.id(), c.beneficiary_id(), kv1::ContractKind_Name(c.kind()),
                          kv1::ContractStatus_Name(c.status()), Day(c.start_date()),
                          Day(c.end_date())});
            ++*n;
          }
          *next = resp.next_page_token();
          return absl::OkStatus();
        });
  }
  if (what == "cases") {
    fv1::ListCasesRequest req;
    fv1::CaseStatus st = fv1::CASE_STATUS_UNSPECIFIED;
    if (auto s = ParseStatus(status, &fv1::CaseStatus_Parse, &st); !s.ok())
      return cli.UsageError(s);
    req.set_status(st);
    req.set_tad(tad);
    req.set_page_size(page_size);
    auto ch = cli.Channel("fraud");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = fv1::Fraud::NewStub(ch);
    return lister.Run(
        "id\tstatus\ttad\tscore_at_opening\trecovered_cents",
        [&](const std::string& token, std::string* next, int64_t* n) {
          req.set_page_token(token);
          fv1::ListCasesResponse resp;
          absl::Status s =
              cli.Call([&](grpc::ClientContext& ctx) { return stub->ListCases(&ctx, req, &resp); });
          if (!s.ok()) return s;
          for (const fv1::Case& c : resp.cases()) {
            if (!lister.Want(*n)) break;
            lister.Print({c.id(), fv1::CaseStatus_Name(c.status()), c.tad(),
                          absl::StrCat(c.score_at_opening()), absl::StrCat(c.recovered_cents())});
            ++*n;
          }
          *next = resp.next_page_token();
          return absl::OkStatus();
        });
  }
  std::cerr << "parcoursctl list: unknown resource " << what << "\nusage: parcoursctl "
            << kListUsage << "\n";
  return kExitUsage;
}

int RunGet(Cli& cli) {
  if (!cli.Finish(2, 2, kGetUsage).ok()) return kExitUsage;
  const std::string& what = cli.args()[0];
  const std::string& id = cli.args()[1];
  auto show = [&](absl::Status s, const google::protobuf::Message& m) {
    if (!s.ok()) return cli.Fail(s);
    std::cout << Json(m);
    return kExitOk;
  };
  if (what == "offer") {
    auto ch = cli.Channel("catalogue");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = cv1::Catalogue::NewStub(ch);
    cv1::GetOfferRequest req;
    req.set_id(id);
    cv1::Offer out;
    return show(cli.Call([&](grpc::ClientContext& c) { return stub->GetOffer(&c, req, &out); }),
                out);
  }
  if (what == "beneficiary") {
    auto ch = cli.Channel("orientation");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = ov1::Orientation::NewStub(ch);
    ov1::GetBeneficiaryRequest req;
    req.set_id(id);
    ov1::Beneficiary out;
    return show(
        cli.Call([&](grpc::ClientContext& c) { return stub->GetBeneficiary(&c, req, &out); }), out);
  }
  if (what == "contract") {
    auto ch = cli.Channel("contracts");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = kv1::Contracts::NewStub(ch);
    kv1::GetContractRequest req;
    req.set_id(id);
    kv1::Contract out;
    return show(cli.Call([&](grpc::ClientContext& c) { return stub->GetContract(&c, req, &out); }),
                out);
  }
  if (what == "case") {
    auto ch = cli.Channel("fraud");
    if (!ch) return cli.Fail(cli.channel_error());
    auto stub = fv1::Fraud::NewStub(ch);
    fv1::GetCaseRequest req;
    req.set_case_id(id);
    fv1::Case out;
    return show(cli.Call([&](grpc::ClientContext& c) { return stub->GetCase(&c, req, &out); }),
                out);
  }
  std::cerr << "parcoursctl get: unknown resource " << what << "\nusage: parcoursctl " << kGetUsage
            << "\n";
  return kExitUsage;
}

}  // namespace parcours::ctl
