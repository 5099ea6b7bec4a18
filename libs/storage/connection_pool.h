// A bounded pool of driver connections, shared by the SQLite and PostgreSQL drivers
// (internal to libs/storage). Connections are opened lazily, up to `size`; a caller waits
// at most `acquire_timeout` for one, then gets UNAVAILABLE. A lease gives the connection
// back when destroyed, or drops it for good after Discard() (a broken PostgreSQL link),
// which frees its slot for a fresh connection.
//
//   ConnectionPool<PgConnection> pool(8, absl::Seconds(2), [] { return Connect(...); });
//   ASSIGN_OR_RETURN(auto lease, pool.Acquire());
//   lease->Exec("BEGIN");
#ifndef PARCOURS_LIBS_STORAGE_CONNECTION_POOL_H_
#define PARCOURS_LIBS_STORAGE_CONNECTION_POOL_H_

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace parcours::storage {

template <typename Conn>
class ConnectionPool {
  // Leases point at this rather than at the pool, so a lease outliving the pool (a bug,
  // but one that should not be a use-after-free) only closes its connection.
  struct Shared {
    absl::Mutex mu;
    std::vector<std::unique_ptr<Conn>> idle ABSL_GUARDED_BY(mu);
    int open ABSL_GUARDED_BY(mu) = 0;  // idle + leased + being opened
  };

 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<Conn>>()>;

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept { *this = std::move(other); }
    Lease& operator=(Lease&& other) noexcept {
      Release();
      shared_ = std::move(other.shared_);
      conn_ = std::move(other.conn_);
      return *this;
    }
    ~Lease() { Release(); }

    Conn* get() const { return conn_.get(); }
    Conn* operator->() const { return conn_.get(); }
    Conn& operator*() const { return *conn_; }
    explicit operator bool() const { return conn_ != nullptr; }

    // The connection is unusable: close it instead of returning it to the pool.
    void Discard() { conn_.reset(); }

    // Gives the connection back now (also done by the destructor).
    void Release() {
      if (shared_ == nullptr) return;
      absl::MutexLock lock(&shared_->mu);
      if (conn_ != nullptr) {
        shared_->idle.push_back(std::move(conn_));
      } else {
        --shared_->open;
      }
      shared_.reset();
    }

   private:
    friend class ConnectionPool;
    Lease(std::shared_ptr<Shared> shared, std::unique_ptr<Conn> conn)
        : shared_(std::move(shared)), conn_(std::move(conn)) {}

    std::shared_ptr<Shared> shared_;
    std::unique_ptr<Conn> conn_;
  };

  ConnectionPool(int size, absl::Duration acquire_timeout, Factory factory)
      : size_(size < 1 ? 1 : size),
        acquire_timeout_(acquire_timeout),
        factory_(std::move(factory)),
        shared_(std::make_shared<Shared>()) {}

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Adds an already open connection (the driver checks the URL by opening one up front).
  void Add(std::unique_ptr<Conn> conn) {
    absl::MutexLock lock(&shared_->mu);
    ++shared_->open;
    shared_->idle.push_back(std::move(conn));
  }

  // An idle connection (most recently used first: it is the likeliest to be warm), or a
  // new one while fewer than `size` are open; UNAVAILABLE after acquire_timeout. When
  // opening a new one fails while others are open, the call waits for one of those (until
  // acquire_timeout) rather than failing: a pool that cannot grow for a while serves with
  // the connections it has. The factory's error when none is open or none comes back.
  absl::StatusOr<Lease> Acquire() {
    const absl::Time deadline = absl::Now() + acquire_timeout_;
    Shared& s = *shared_;
    {
      absl::MutexLock lock(&s.mu);
      auto ready = [&s, this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
        return !s.idle.empty() || s.open < size_;
      };
      if (!s.mu.AwaitWithDeadline(absl::Condition(&ready), deadline)) {
        return absl::UnavailableError(absl::StrCat("no database connection free within ",
                                                   absl::FormatDuration(acquire_timeout_),
                                                   " (pool of ", size_, ")"));
      }
      if (!s.idle.empty()) {
        std::unique_ptr<Conn> conn = std::move(s.idle.back());
        s.idle.pop_back();
        return Lease(shared_, std::move(conn));
      }
      ++s.open;  // reserve the slot, then connect without holding the lock
    }
    absl::StatusOr<std::unique_ptr<Conn>> conn = factory_();
    if (!conn.ok()) {
      absl::MutexLock lock(&s.mu);
      --s.open;
      auto idle = [&s]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) { return !s.idle.empty(); };
      if (s.open == 0 || !s.mu.AwaitWithDeadline(absl::Condition(&idle), deadline)) {
        return conn.status();
      }
      std::unique_ptr<Conn> reused = std::move(s.idle.back());
      s.idle.pop_back();
      return Lease(shared_, std::move(reused));
    }
    return Lease(shared_, *std::move(conn));
  }

  int size() const { return size_; }

 private:
  const int size_;
  const absl::Duration acquire_timeout_;
  const Factory factory_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace parcours::storage

#endif  // PARCOURS_LIBS_STORAGE_CONNECTION_POOL_H_
