// ParallelFor: runs fn(i, worker) for i in [0, n) on up to `threads` threads.
//
// Work is handed out by an atomic counter in small chunks, so uneven items (long and
// short sentences) balance. Results must be written by index (out[i] = ...), which
// keeps output in input order whatever the thread count. `worker` in [0, threads)
// identifies the calling thread so it can use its own scratch. Blocks until all done.
#ifndef KHALDUN_PIPELINE_PARALLEL_H_
#define KHALDUN_PIPELINE_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace khaldun {

// Number of hardware threads (at least 1).
int HardwareThreads();

// REQUIRES: fn is safe to call concurrently for distinct i.
void ParallelFor(size_t n, int threads, const std::function<void(size_t i, int worker)>& fn);

}  // namespace khaldun

#endif  // KHALDUN_PIPELINE_PARALLEL_H_
