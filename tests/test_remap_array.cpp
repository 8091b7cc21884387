// RemapArray (sim/remap_array.hpp): the growable mapping that holds the
// migrant records keeps its contents when it grows, fills new records with the
// given value, copies deeply and moves without copying.
#include <gtest/gtest.h>

#include <cstdint>

#include "sim/remap_array.hpp"

namespace smugglesim {
namespace {

struct Rec {
    std::uint32_t a;
    float b;
};

TEST(RemapArray, GrowingKeepsTheRecordsAndFillsTheNewOnes) {
    RemapArray<Rec> v;
    EXPECT_TRUE(v.empty());
    EXPECT_EQ(v.bytes(), 0u);
    v.resize(1000, Rec{7, 0.5f});
    for (std::uint32_t i = 0; i < 1000; ++i) v[i].a = i;
    const std::size_t cap = v.capacity();
    EXPECT_GE(cap, 1000u);
    // Past a huge page, several times: the mapping moves, the records stay.
    for (std::size_t n : {std::size_t{300000}, std::size_t{1000000}, std::size_t{2500000}}) {
        v.resize(n, Rec{9, 1.5f});
        ASSERT_EQ(v.size(), n);
        EXPECT_GE(v.capacity(), n);
        EXPECT_EQ(v.bytes() % 4096, 0u);
    }
    for (std::uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(v[i].a, i) << i;
    EXPECT_EQ(v[1000].a, 9u);
    EXPECT_EQ(v[2499999].b, 1.5f);
    std::uint64_t sum = 0;
    for (const Rec& r : v) sum += r.a;
    EXPECT_EQ(sum, 999u * 1000u / 2 + 9u * (2500000u - 1000u));
    // Shrinking keeps the mapping; growing again fills with the new value.
    const std::size_t bytes = v.bytes();
    v.resize(10, Rec{0, 0});
    EXPECT_EQ(v.size(), 10u);
    EXPECT_EQ(v.bytes(), bytes);
    v.resize(20, Rec{5, 2.0f});
    EXPECT_EQ(v[9].a, 9u);
    EXPECT_EQ(v[10].a, 5u);
}

TEST(RemapArray, CopiesAreDeepAndMovesTakeTheMapping) {
    RemapArray<Rec> v(100, Rec{1, 1.0f});
    RemapArray<Rec> c = v;
    c[0].a = 42;
    EXPECT_EQ(v[0].a, 1u);
    EXPECT_EQ(c.size(), 100u);
    const Rec* p = v.data();
    RemapArray<Rec> m = std::move(v);
    EXPECT_EQ(m.data(), p);
    EXPECT_EQ(m.size(), 100u);
    EXPECT_TRUE(v.empty());  // NOLINT(bugprone-use-after-move): a moved-from array is empty
    v = m;
    EXPECT_EQ(v.size(), 100u);
    EXPECT_NE(v.data(), m.data());
    EXPECT_EQ(v[99].a, 1u);
}

}  // namespace
}  // namespace smugglesim
