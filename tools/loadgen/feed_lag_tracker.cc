#include "tools/loadgen/feed_lag_tracker.h"

#include <algorithm>
#include <cmath>

namespace parcours::loadgen {
namespace {

// Nearest rank: the smallest value with at least q of the values at or below it.
double Percentile(const std::vector<double>& sorted, double q) {
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

FeedLagTracker::FeedLagTracker(int64_t initial_head)
    : initial_head_(initial_head), head_(initial_head), applied_(initial_head) {}

void FeedLagTracker::Observe(absl::Time at, int64_t head, int64_t applied) {
  ++polls_;
  // Before the first poll nothing bounds the commits from below but the poll itself.
  const absl::Time previous = last_poll_.value_or(at);
  if (last_poll_.has_value()) {
    const absl::Duration gap = at - previous;
    poll_gaps_ += gap;
    max_poll_gap_ = std::max(max_poll_gap_, gap);
  }
  last_poll_ = at;
  // The checkpoint cannot truly pass the head: if it did here, those events were
  // committed between the two reads, and `at` is the best bound on both times.
  for (const int64_t seen = std::max(head, applied); head_ < seen; ++head_) {
    not_yet_then_in_head_.emplace_back(previous, at);
  }
  for (; applied_ < applied; ++applied_) {
    const auto& [not_yet, in_head] =
        not_yet_then_in_head_[static_cast<size_t>(applied_ - initial_head_)];
    lags_ms_.push_back(absl::ToDoubleMilliseconds(at - in_head));
    upper_lags_ms_.push_back(absl::ToDoubleMilliseconds(at - not_yet));
  }
}

FeedLagSummary FeedLagTracker::Summary() const {
  FeedLagSummary s;
  s.events = head_ - initial_head_;
  s.projected = applied_ - initial_head_;
  s.never_projected = s.events - s.projected;
  if (!lags_ms_.empty()) {
    std::vector<double> sorted = lags_ms_;
    std::sort(sorted.begin(), sorted.end());
    s.p50_ms = Percentile(sorted, 0.5);
    s.p99_ms = Percentile(sorted, 0.99);
    s.max_ms = sorted.back();
    sorted = upper_lags_ms_;
    std::sort(sorted.begin(), sorted.end());
    s.p99_upper_ms = Percentile(sorted, 0.99);
    s.max_upper_ms = sorted.back();
  }
  s.polls = polls_;
  if (polls_ > 1) {
    s.mean_poll_interval_ms =
        absl::ToDoubleMilliseconds(poll_gaps_) / static_cast<double>(polls_ - 1);
    s.max_poll_interval_ms = absl::ToDoubleMilliseconds(max_poll_gap_);
  }
  return s;
}

std::vector<double> FeedLagTracker::MaxLagPerWindow(absl::Duration window) const {
  std::vector<double> out;
  if (lags_ms_.empty() || window <= absl::ZeroDuration()) return out;
  const absl::Time first = not_yet_then_in_head_.front().second;
  for (size_t i = 0; i < lags_ms_.size(); ++i) {  // lags_ms_[i] is sequence initial_head_+1+i
    const auto w = static_cast<size_t>((not_yet_then_in_head_[i].second - first) / window);
    if (out.size() <= w) out.resize(w + 1, 0);
    out[w] = std::max(out[w], lags_ms_[i]);
  }
  return out;
}

}  // namespace parcours::loadgen
