#include "pipeline/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace khaldun {
namespace {

TEST(ParallelFor, EveryIndexOnceAndInOrderSlots) {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> out(1000, -1);
    std::atomic<int> calls{0};
    ParallelFor(out.size(), threads, [&](size_t i, int worker) {
      EXPECT_GE(worker, 0);
      EXPECT_LT(worker, threads);
      out[i] = static_cast<int>(i) * 2;
      ++calls;
    });
    EXPECT_EQ(calls.load(), 1000);
    for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], static_cast<int>(i) * 2);
  }
}

TEST(ParallelFor, EmptyAndSingle) {
  int calls = 0;
  ParallelFor(0, 4, [&](size_t, int) { ++calls; });
  EXPECT_EQ(calls, 0);
  ParallelFor(1, 4, [&](size_t, int w) { ++calls; EXPECT_EQ(w, 0); });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace khaldun
