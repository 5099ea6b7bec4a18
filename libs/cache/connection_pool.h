// A bounded pool of Redis connections, made lazily and lent to one caller at a time.
// A connection that broke while lent (I/O error, timeout) is closed when returned instead
// of going back to the pool, and a new one is made the next time one is needed: that is
// how the cache reconnects after Redis restarts. Internal to RedisCache.
//
//   ConnectionPool pool(8, absl::Milliseconds(10), [&] { return RedisConnection::Open(ep, t); });
//   absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
//   if (lease.ok()) (*lease)->Pipeline(commands);   // returned to the pool at scope exit
//
// Thread-safe. The pool must outlive its leases.
#ifndef PARCOURS_LIBS_CACHE_CONNECTION_POOL_H_
#define PARCOURS_LIBS_CACHE_CONNECTION_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/cache/redis_connection.h"

namespace parcours::cache::internal {

class ConnectionPool {
 public:
  using Factory = std::function<absl::StatusOr<std::unique_ptr<RedisConnection>>()>;

  // At most `max_size` connections exist at once; Acquire waits up to `wait` for one to be
  // returned when all are lent.
  ConnectionPool(size_t max_size, absl::Duration wait, Factory factory);
  ~ConnectionPool();

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection lent to one caller; goes back to the pool (or is closed if broken) when
  // destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    RedisConnection* operator->() const { return connection_.get(); }
    RedisConnection& operator*() const { return *connection_; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<RedisConnection> connection);
    ConnectionPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
  };

  // An idle connection, else a new one (the factory's error if it cannot be made), else
  // RESOURCE_EXHAUSTED after waiting `wait` with every connection lent.
  absl::StatusOr<Lease> Acquire();

  // Closes every idle connection: when the breaker opens they are probably dead, and a
  // probe must not spend itself on one of them.
  void DropIdle();

 private:
  void Return(std::unique_ptr<RedisConnection> connection);

  const size_t max_size_;
  const absl::Duration wait_;
  const Factory factory_;

  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;  // most recently returned last
  size_t open_ = 0;                                     // idle + lent + being made
};

}  // namespace parcours::cache::internal

#endif  // PARCOURS_LIBS_CACHE_CONNECTION_POOL_H_
