#include "tools/parcoursctl/report_commands.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/errors/grpc_status.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "tools/parcoursctl/exit_codes.h"

namespace parcours::ctl {
namespace {

namespace ev1 = evaluation::v1;
namespace fv1 = fraud::v1;

std::string CellText(const ev1::Cell& c, std::string* population) {
  if (c.suppressed()) {
    *population = "";
    return "secret";
  }
  *population = c.has_population() ? absl::StrCat(c.population()) : "";
  return c.has_value() ? absl::StrFormat("%.4g", c.value()) : "-";
}

}  // namespace

std::string ProgressBar(int64_t done, int64_t total) {
  constexpr int kWidth = 30;
  const double f = total <= 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / total);
  const int filled = static_cast<int>(f * kWidth);
  return absl::StrFormat("[%s%s] %3d%%  %d/%d files", std::string(filled, '#'),
                         std::string(kWidth - filled, '.'), static_cast<int>(f * 100), done, total);
}

int RunFraud(Cli& cli) {
  const int64_t chunk = cli.flags().Int("CHUNK_SIZE", 0, 0, 20000);
  const bool quiet = cli.flags().Bool("QUIET", false);
  if (!cli.Finish(1, 1, "fraud batch [--chunk-size=2000] [--quiet]").ok()) return kExitUsage;
  if (cli.args()[0] != "batch") {
    std::cerr << "parcoursctl fraud: unknown subcommand " << cli.args()[0]
              << "\nusage: parcoursctl fraud batch [--chunk-size=2000]\n";
    return kExitUsage;
  }
  auto ch = cli.Channel("fraud");
  if (!ch) return cli.Fail(cli.channel_error());
  auto stub = fv1::Fraud::NewStub(ch);
  fv1::RunBatchScoringRequest req;
  req.set_chunk_size(static_cast<int32_t>(chunk));
  grpc::ClientContext ctx;
  cli.Prepare(ctx);
  auto reader = stub->RunBatchScoring(&ctx, req);
  fv1::BatchProgress p, last;
  bool any = false;
  while (reader->Read(&p)) {
    last = p;
    any = true;
    if (!quiet) std::cerr << "\r" << ProgressBar(p.files_scored(), p.files_total()) << std::flush;
  }
  if (!quiet && any) std::cerr << "\n";
  absl::Status s = errors::FromGrpcStatus(reader->Finish());
  if (!s.ok()) return cli.Fail(s);
  if (!last.done()) return cli.Fail(absl::DataLossError("the batch stream ended before done"));
  std::cout << "scored " << last.files_scored() << " of " << last.files_total() << " files, opened "
            << last.cases_opened() << " cases, rule set " << last.rule_set_version() << ", "
            << absl::StrFormat("%.1f", last.elapsed_seconds()) << " s\n";
  return kExitOk;
}

int RunBilan(Cli& cli) {
  ev1::GetBilanRequest req;
  req.set_year(static_cast<int32_t>(cli.flags().Int("YEAR", 0)));
  req.set_month(static_cast<int32_t>(cli.flags().Int("MONTH", 0)));
  req.set_fiche(cli.flags().String("FICHE", ""));
  if (!cli.Finish(0, 0, "bilan --year=Y [--month=M] [--fiche=2-2]").ok()) return kExitUsage;
  auto ch = cli.Channel("evaluation");
  if (!ch) return cli.Fail(cli.channel_error());
  auto stub = ev1::Evaluation::NewStub(ch);
  ev1::Bilan bilan;
  absl::Status s =
      cli.Call([&](grpc::ClientContext& ctx) { return stub->GetBilan(&ctx, req, &bilan); });
  if (!s.ok()) return cli.Fail(s);
  std::cout << "bilan " << bilan.year() << (bilan.month() ? absl::StrCat("-", bilan.month()) : "")
            << " (cells under " << bilan.secrecy_k() << " beneficiaries are secret)\n";
  std::cout << absl::StrFormat("%-6s %-40s %10s %10s %10s %-4s  %s\n", "fiche", "indicator",
                               "value", "population", "target", "met", "level");
  for (const ev1::FicheResult& f : bilan.fiches()) {
    const std::string level = ev1::AchievementLevel_Name(f.level());
    if (f.indicators().empty()) {
      std::cout << absl::StrFormat("%-6s %-40s %10s %10s %10s %-4s  %s\n", f.fiche(), "-", "", "",
                                   "", "", level);
    }
    for (const ev1::IndicatorResult& i : f.indicators()) {
      std::string population;
      const std::string value = CellText(i.total(), &population);
      const std::string target =
          i.has_target() ? absl::StrCat(i.comparator(), absl::StrFormat("%.4g", i.target())) : "";
      const std::string met = i.has_target_met() ? (i.target_met() ? "yes" : "no") : "";
      std::cout << absl::StrFormat("%-6s %-40s %10s %10s %10s %-4s  %s\n", f.fiche(),
                                   i.id().substr(0, 40), value, population, target, met, level);
    }
  }
  return kExitOk;
}

int RunExport(Cli& cli) {
  config::ConfigReader& f = cli.flags();
  const std::string table = f.String("TABLE", "bilan");
  const int year = static_cast<int>(f.Int("YEAR", 0));
  const int month = static_cast<int>(f.Int("MONTH", 0));
  const std::string from = f.String("FROM", ""), to = f.String("TO", "");
  const std::string out_path = f.String("OUT", "");
  if (!cli.Finish(0, 0,
                  "export --table=bilan|cohorts|offers [--year=Y] [--month=M] "
                  "[--from=YYYY-MM --to=YYYY-MM] [--out=FILE]")
           .ok()) {
    return kExitUsage;
  }
  ev1::ExportCsvRequest req;
  if (table == "bilan") {
    req.set_table(ev1::BILAN);
    req.mutable_bilan()->set_year(year);
    req.mutable_bilan()->set_month(month);
  } else if (table == "cohorts") {
    req.set_table(ev1::COHORTS);
    req.mutable_cohorts()->set_from_month(from);
    req.mutable_cohorts()->set_to_month(to);
  } else if (table == "offers") {
    req.set_table(ev1::OFFERS);
  } else {
    std::cerr << "parcoursctl export: --table: bilan, cohorts or offers\n";
    return kExitUsage;
  }
  auto ch = cli.Channel("evaluation");
  if (!ch) return cli.Fail(cli.channel_error());
  auto stub = ev1::Evaluation::NewStub(ch);
  // Written to a temporary file renamed at the end, so a failed export leaves no half file.
  std::ofstream file;
  const std::string tmp = out_path + ".part";
  if (!out_path.empty()) {
    file.open(tmp, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "parcoursctl export: cannot write " << out_path << "\n";
      return kExitUsage;
    }
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  grpc::ClientContext ctx;
  cli.Prepare(ctx);
  auto reader = stub->ExportCsv(&ctx, req);
  ev1::CsvChunk chunk;
  int64_t bytes = 0;
  while (reader->Read(&chunk)) {
    out << chunk.data();
    bytes += static_cast<int64_t>(chunk.data().size());
  }
  absl::Status s = errors::FromGrpcStatus(reader->Finish());
  if (!out_path.empty()) {
    file.close();
    if (s.ok() && !file) s = absl::DataLossError("writing " + out_path + " failed");
    if (!s.ok()) {
      std::remove(tmp.c_str());
    } else if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
      s = absl::DataLossError("renaming " + tmp + " failed");
    }
  }
  if (!s.ok()) return cli.Fail(s);
  if (!out_path.empty()) std::cerr << "wrote " << bytes << " bytes to " << out_path << "\n";
  return kExitOk;
}

}  // namespace parcours::ctl
