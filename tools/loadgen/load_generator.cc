#include "tools/loadgen/load_generator.h"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/channel_arguments.h"

namespace parcours::loadgen {

void PinToCpu(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

namespace {

using Clock = std::chrono::steady_clock;

struct Call {
  grpc::ClientContext ctx;
  grpc::ByteBuffer response;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  Clock::time_point intended;  // when the call should have started
};

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

class Runner {
 public:
  explicit Runner(const LoadOptions& o) : o_(o) {
    for (int i = 0; i < std::max(1, o.channels); ++i) {
      grpc::ChannelArguments args;
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // one connection per channel
      args.SetInt("parcours.loadgen.channel", i);
      auto credentials =
          o.tls_ca_pem.empty()
              ? grpc::InsecureChannelCredentials()
              : grpc::SslCredentials(grpc::SslCredentialsOptions{.pem_root_certs = o.tls_ca_pem});
      auto channel = grpc::CreateCustomChannel(o.target, credentials, args);
      stubs_.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
    for (const std::string& r : o.requests) buffers_.push_back(ToBuffer(r));
    if (buffers_.empty()) buffers_.push_back(ToBuffer(""));
  }

  LoadResult Run() {
    PinToCpu(o_.cpu);
    start_ = Clock::now();
    measure_from_ = start_ + absl::ToChronoNanoseconds(o_.warmup);
    end_ = measure_from_ + absl::ToChronoNanoseconds(o_.duration);
    std::thread poller([this] { Poll(); });
    if (o_.rate > 0) {
      FixedRate();
    } else {
      for (int i = 0; i < o_.concurrency; ++i) Start(Clock::now());
    }
    poller.join();
    return Summarize();
  }

 private:
  void Start(Clock::time_point intended) {
    auto* call = new Call();
    call->intended = intended;
    call->ctx.set_deadline(std::chrono::system_clock::now() +
                           absl::ToChronoMilliseconds(o_.call_deadline));
    if (!o_.bearer_token.empty()) {
      call->ctx.AddMetadata("authorization", "Bearer " + o_.bearer_token);
    }
    uint64_t n = next_++;
    auto& stub = *stubs_[n % stubs_.size()];
    in_flight_++;
    call->reader =
        stub.PrepareUnaryCall(&call->ctx, o_.method, buffers_[n % buffers_.size()], &cq_);
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
  }

  void FixedRate() {
    const auto interval = std::chrono::duration<double>(1.0 / o_.rate);
    auto t = start_;
    for (uint64_t i = 0; t < end_; ++i) {
      t = start_ + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(i));
      std::this_thread::sleep_until(t);
      if (in_flight_ >= o_.concurrency) {
        // Over the cap: the call is not made, but it is counted as failed at its intended
        // time so the report shows the server could not keep up.
        if (t >= measure_from_) dropped_++;
        continue;
      }
      Start(t);
    }
    sending_done_ = true;
  }

  void Poll() {
    void* tag;
    bool ok;
    while (true) {
      auto got = cq_.AsyncNext(&tag, &ok,
                               std::chrono::system_clock::now() + std::chrono::milliseconds(100));
      if (got == grpc::CompletionQueue::SHUTDOWN) break;
      if (got == grpc::CompletionQueue::GOT_EVENT) Complete(static_cast<Call*>(tag));
      const bool done = o_.rate > 0 ? (sending_done_ && in_flight_ == 0)
                                    : (Clock::now() >= end_ && in_flight_ == 0);
      if (done) break;
    }
    cq_.Shutdown();
    while (cq_.Next(&tag, &ok)) delete static_cast<Call*>(tag);
  }

  void Complete(Call* call) {
    const auto now = Clock::now();
    in_flight_--;
    if (call->intended >= measure_from_ && call->intended < end_) {
      if (call->status.ok()) {
        latencies_ms_.push_back(
            std::chrono::duration<double, std::milli>(now - call->intended).count());
      } else {
        failures_[call->status.error_code()]++;
      }
    }
    delete call;
    if (o_.rate <= 0 && now < end_) Start(now);
  }

  LoadResult Summarize() {
    LoadResult r;
    r.seconds = std::chrono::duration<double>(end_ - measure_from_).count();
    r.ok = static_cast<int64_t>(latencies_ms_.size());
    for (const auto& [code, n] : failures_) {
      r.failed += n;
      r.failures_by_code[code] = n;
    }
    if (dropped_ > 0) {
      r.failed += dropped_;
      r.failures_by_code[-1] = dropped_;  // not sent: too many in flight
    }
    r.qps = r.seconds > 0 ? static_cast<double>(r.ok) / r.seconds : 0;
    if (!latencies_ms_.empty()) {
      std::sort(latencies_ms_.begin(), latencies_ms_.end());
      auto at = [&](double q) {
        size_t i = static_cast<size_t>(q * static_cast<double>(latencies_ms_.size() - 1));
        return latencies_ms_[i];
      };
      r.p50_ms = at(0.50);
      r.p90_ms = at(0.90);
      r.p99_ms = at(0.99);
      r.max_ms = latencies_ms_.back();
      double sum = 0;
      for (double l : latencies_ms_) sum += l;
      r.mean_ms = sum / static_cast<double>(latencies_ms_.size());
    }
    return r;
  }

  const LoadOptions& o_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<grpc::ByteBuffer> buffers_;
  grpc::CompletionQueue cq_;
  Clock::time_point start_, measure_from_, end_;
  std::atomic<uint64_t> next_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<bool> sending_done_{false};
  std::vector<double> latencies_ms_;  // touched by the poller thread only
  std::map<int, int64_t> failures_;   // poller thread only
  int64_t dropped_ = 0;               // sender thread only, read after join
};

}  // namespace

LoadResult RunLoad(const LoadOptions& options) {
  Runner runner(options);
  return runner.Run();
}

std::string FormatResult(const std::string& label, const LoadResult& r) {
  return absl::StrFormat(
      "%-28s %9.0f qps  p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  max %8.3f ms  ok %lld  "
      "failed %lld",
      label, r.qps, r.p50_ms, r.p90_ms, r.p99_ms, r.max_ms, static_cast<long long>(r.ok),
      static_cast<long long>(r.failed));
}

std::string ResultJson(const std::string& label, const LoadResult& r) {
  return absl::StrFormat(
      R"({"label": "%s", "qps": %.1f, "p50_ms": %.4f, "p90_ms": %.4f, "p99_ms": %.4f, )"
      R"("max_ms": %.4f, "mean_ms": %.4f, "ok": %lld, "failed": %lld, "seconds": %.2f})",
      label, r.qps, r.p50_ms, r.p90_ms, r.p99_ms, r.max_ms, r.mean_ms, static_cast<long long>(r.ok),
      static_cast<long long>(r.failed), r.seconds);
}

}  // namespace parcours::loadgen
