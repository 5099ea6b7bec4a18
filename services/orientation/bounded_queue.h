// A small blocking queue with a capacity, for one producer and one consumer: the CAF
// import reads and validates the stream on the RPC thread while another thread writes the
// previous batch to the database, so stream and database time overlap instead of adding
// up. Candidate for libs/common.
//
//   BoundedQueue<Batch> q(2);
//   producer: if (!q.Push(std::move(batch))) break;   // false once closed
//   consumer: while (std::optional<Batch> b = q.Pop()) Write(*b);
//   producer: q.Close();                                // consumer drains, then Pop() = nullopt
#ifndef PARCOURS_SERVICES_ORIENTATION_BOUNDED_QUEUE_H_
#define PARCOURS_SERVICES_ORIENTATION_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace parcours::orientation {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Waits for room; false (and `item` dropped) when the queue was closed.
  bool Push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }

  // The next item; nullopt once the queue is closed and empty.
  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return item;
  }

  // No more pushes; Pop() returns what is left, then nullopt.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_BOUNDED_QUEUE_H_
