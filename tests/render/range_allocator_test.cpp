#include <gtest/gtest.h>

#include <map>
#include <random>

#include "render/range_allocator.h"

using twinshoot::render::RangeAllocator;

TEST(RangeAllocator, AlignsAndSplits) {
    RangeAllocator a(1024);
    auto x = a.allocate(10, 1);
    auto y = a.allocate(16, 256);
    ASSERT_TRUE(x && y);
    EXPECT_EQ(*x, 0u);
    EXPECT_EQ(*y, 256u);  // aligned up; the padding 10..256 stays free
    auto z = a.allocate(200, 4);
    ASSERT_TRUE(z);
    EXPECT_EQ(*z, 12u);  // first fit into the padding
    EXPECT_EQ(a.used(), 226u);
}

TEST(RangeAllocator, CoalescesOnFreeInAnyOrder) {
    RangeAllocator a(300);
    auto p = a.allocate(100, 1), q = a.allocate(100, 1), r = a.allocate(100, 1);
    ASSERT_TRUE(p && q && r);
    EXPECT_FALSE(a.allocate(1, 1)) << "full";
    a.free(*p, 100);
    a.free(*r, 100);
    EXPECT_EQ(a.free_range_count(), 2u);
    EXPECT_FALSE(a.allocate(150, 1)) << "fragmented: no 150-byte hole yet";
    a.free(*q, 100);
    EXPECT_EQ(a.free_range_count(), 1u);
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(a.allocate(300, 1), std::optional<uint64_t>(0));
}

TEST(RangeAllocator, RandomWorkloadNeverOverlaps) {
    std::mt19937 rng(1234);
    RangeAllocator a(1 << 20);
    std::map<uint64_t, uint64_t> live;  // offset -> size
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || rng() % 3 != 0) {
            const uint64_t size = 1 + rng() % 4096;
            const uint64_t align = uint64_t(1) << (rng() % 9);
            if (auto off = a.allocate(size, align)) {
                ASSERT_EQ(*off % align, 0u);
                auto next = live.lower_bound(*off);
                if (next != live.end()) {
                    ASSERT_LE(*off + size, next->first);
                }
                if (next != live.begin()) {
                    ASSERT_LE(std::prev(next)->first + std::prev(next)->second, *off);
                }
                live.emplace(*off, size);
            }
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            a.free(it->first, it->second);
            live.erase(it);
        }
    }
    for (auto [off, size] : live) a.free(off, size);
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(a.free_range_count(), 1u);
}
