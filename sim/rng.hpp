#pragma once
// Counter-based random numbers (Random123 Philox4x32-10). Every draw is a pure
// function of (seed, subject, day, purpose): no generator is shared between
// agents or threads, so results do not depend on scheduling or thread count.
#include <Random123/philox.h>
// (philox.h first: it sets up the feature macros the other headers need)
#include <Random123/MicroURNG.hpp>
#include <Random123/boxmuller.hpp>
#include <Random123/uniform.hpp>

#include <array>
#include <cstdint>

namespace smugglesim::rng {

// What a draw is for: keeps streams of different decisions independent.
enum class Purpose : std::uint32_t {
    GenerateCount = 1,  // subject = origin index
    MigrantInit = 2,    // subject = migrant slot (see Migrant)
    Choose = 3,
    Board = 4,          // travel days and how the leg ends (hazard, interception)
    Reputation = 5,     // subject = organised crime group: noise in what customers hear
    Exploit = 6,        // subject = migrant slot: exploited rather than stranded when out of money
    Taste = 7,          // subject = migrant slot: what it weighs most when choosing
    Document = 8,       // subject = migrant slot: the kind and quality of a document it buys
};

using Philox = r123::Philox4x32;

inline Philox::key_type make_key(std::uint64_t seed) {
    return Philox::key_type{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
}

inline Philox::ctr_type make_ctr(std::uint64_t subject, std::uint32_t day, Purpose p) {
    return Philox::ctr_type{{static_cast<std::uint32_t>(subject), static_cast<std::uint32_t>(subject >> 32),
                             (static_cast<std::uint32_t>(p) << 24) ^ day, 0u}};
}

// Four independent 32-bit words for (seed, subject, day, purpose).
inline std::array<std::uint32_t, 4> words(const Philox::key_type& key, std::uint64_t subject,
                                          std::uint32_t day, Purpose p) {
    Philox g;
    const auto r = g(make_ctr(subject, day, p), key);
    return {r[0], r[1], r[2], r[3]};
}

// Uniform in (0, 1].
inline double u01(std::uint32_t w) { return r123::u01<double>(w); }

// Standard normal from two words (Box-Muller, Random123).
inline double normal(std::uint32_t a, std::uint32_t b) { return r123::boxmuller(a, b).x; }

// A C++ UniformRandomBitGenerator on one counter: for std distributions
// (e.g. std::poisson_distribution) that need an unknown number of words.
inline r123::MicroURNG<Philox> urng(const Philox::key_type& key, std::uint64_t subject, std::uint32_t day,
                                    Purpose p) {
    return r123::MicroURNG<Philox>(make_ctr(subject, day, p), key);
}

}  // namespace smugglesim::rng
