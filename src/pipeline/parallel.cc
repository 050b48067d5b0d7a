#include "pipeline/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace khaldun {

int HardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void ParallelFor(size_t n, int threads, const std::function<void(size_t, int)>& fn) {
  if (n == 0) return;
  if (threads <= 0) threads = HardwareThreads();
  threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), n));
  if (threads == 1) {
    for (size_t i = 0; i < n; ++i) fn(i, 0);
    return;
  }
  const size_t chunk = std::max<size_t>(1, std::min<size_t>(16, n / (threads * 8)));
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (;;) {
      size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
      if (begin >= n) return;
      size_t end = std::min(n, begin + chunk);
      for (size_t i = begin; i < end; ++i) fn(i, worker);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
}

}  // namespace khaldun
