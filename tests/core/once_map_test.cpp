#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/once_map.h"

using namespace twinshoot;

namespace {

using Map = OnceMap<int>;

// Spins until `condition` holds or 10 s pass (a broken map fails the test instead of hanging it).
template <class Condition>
bool wait_for(Condition condition) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace

// Three threads ask for a key while a fourth is making it: the value is made once, and all four get
// the very same object.
TEST(OnceMap, AskersOfAKeyBeingMadeWaitForItAndShareIt) {
    Map map;
    std::atomic<int> made{0}, waiting{0};
    std::atomic<bool> making{false};
    std::vector<const int*> got(4, nullptr);
    auto make = [&]() -> Map::Value {
        ++made;
        making = true;
        // Hold the value back until the other askers have gone in (they find the key being made).
        EXPECT_TRUE(wait_for([&] { return waiting.load() == 3; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return std::make_shared<const int>(42);
    };
    std::thread first([&] { got[0] = map.get("k", make)->get(); });
    ASSERT_TRUE(wait_for([&] { return making.load(); }));
    std::vector<std::thread> others;
    for (int i = 1; i < 4; ++i)
        others.emplace_back([&, i] {
            ++waiting;
            got[size_t(i)] = map.get("k", make)->get();
        });
    first.join();
    for (auto& t : others) t.join();
    EXPECT_EQ(made.load(), 1);
    ASSERT_NE(got[0], nullptr);
    EXPECT_EQ(*got[0], 42);
    for (const int* p : got) EXPECT_EQ(p, got[0]);
    EXPECT_EQ(map.size(), 1u);
}

// Another key is made while one is being made (the lock is not held while making).
TEST(OnceMap, DifferentKeysAreMadeAtTheSameTime) {
    Map map;
    std::atomic<bool> a_started{false}, b_done{false};
    std::thread a([&] {
        auto v = map.get("a", [&]() -> Map::Value {
            a_started = true;
            EXPECT_TRUE(wait_for([&] { return b_done.load(); })) << "b waited for a";
            return std::make_shared<const int>(1);
        });
        EXPECT_TRUE(v.ok());
    });
    ASSERT_TRUE(wait_for([&] { return a_started.load(); }));
    auto b = map.get("b", [] { return Map::Value(std::make_shared<const int>(2)); });
    b_done = true;
    a.join();
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(**b, 2);
    EXPECT_EQ(map.size(), 2u);
}

// A failure, or an exception, is handed to its asker and forgotten: the next asker makes it again.
TEST(OnceMap, AFailureIsNotKept) {
    Map map;
    auto failed = map.get("k", [] { return Map::Value(make_error(ErrorCode::Io, "k: cannot read")); });
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().message, "k: cannot read");
    EXPECT_EQ(map.size(), 0u);
    EXPECT_THROW((void)map.get("k", []() -> Map::Value { throw std::runtime_error("out of memory"); }), std::runtime_error);
    EXPECT_EQ(map.size(), 0u);
    auto made = map.get("k", [] { return Map::Value(std::make_shared<const int>(7)); });
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(**made, 7);
    auto again = map.get("k", []() -> Map::Value {
        ADD_FAILURE() << "a kept value is not made again";
        return std::make_shared<const int>(8);
    });
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->get(), made->get());
}
