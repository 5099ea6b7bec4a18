#include "libs/cache/connection_pool.h"

#include <chrono>
#include <utility>

#include "absl/status/status.h"

namespace parcours::cache::internal {

ConnectionPool::ConnectionPool(size_t max_size, absl::Duration wait, Factory factory)
    : max_size_(max_size == 0 ? 1 : max_size), wait_(wait), factory_(std::move(factory)) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<RedisConnection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

ConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Return(std::move(connection_));
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  const auto deadline = std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(wait_);
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (!idle_.empty()) {
      // Last in, first out: the most recently used connection is the likeliest alive.
      std::unique_ptr<RedisConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    if (open_ < max_size_) {
      ++open_;
      lock.unlock();  // connecting takes a round trip: do not hold up other callers
      absl::StatusOr<std::unique_ptr<RedisConnection>> made = factory_();
      if (!made.ok()) {
        lock.lock();
        --open_;
        returned_.notify_one();
        return made.status();
      }
      return Lease(this, *std::move(made));
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= max_size_) {
      return absl::ResourceExhaustedError("redis: every pooled connection is in use");
    }
  }
}

void ConnectionPool::Return(std::unique_ptr<RedisConnection> connection) {
  std::unique_ptr<RedisConnection> to_close;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connection->broken()) {
      to_close = std::move(connection);
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  returned_.notify_one();
  // `to_close` is destroyed here, outside the lock.
}

void ConnectionPool::DropIdle() {
  std::vector<std::unique_ptr<RedisConnection>> to_close;
  {
    std::lock_guard<std::mutex> lock(mu_);
    to_close.swap(idle_);
    open_ -= to_close.size();
  }
  returned_.notify_all();
}

}  // namespace parcours::cache::internal
