#pragma once
// The migrants' records (a structure of arrays, 16 bytes a migrant), leg
// queues and calendar entries: the state of the migrants module.
#include <atomic>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include <tbb/scalable_allocator.h>

#include "sim/remap_array.hpp"

namespace smugglesim {

inline constexpr std::uint32_t kNoLeg = std::numeric_limits<std::uint32_t>::max();

// How a migrant's current leg ends for it: decided when it boards (from the
// draws of that day), carried out when it arrives.
// Bonded: arrives in its destination state owing its smugglers part of the
// price (it boarded on credit), to work it off there under duress.
enum class Fate : std::uint8_t { Continue, Arrived, Dead, Missing, Returned, PushedBack, Bonded };

enum class MigrantStatus : std::uint8_t {
    Free = 0,        // slot unused (migrant left the system; slot recycled)
    Choosing = 1,    // at a place, will choose a leg in the next choose phase
    Queued = 2,      // at a place, queued for `leg`
    Travelling = 3,  // on `leg`
};

// One migrant in the system: the fields every event reads, packed into 16
// bytes so that handling a migrant touches one record (one cache line, four
// records to a line) instead of one cache line in each of seven arrays. Events
// reach migrants in random slot order, which is what makes this layout pay
// (see docs/performance.md). Counts and histories live in the recorder, not
// here. The slot index keys the migrant's random streams: a slot holds at most
// one migrant on any day (freed slots are reused on a later day only).
struct Migrant {
    std::uint32_t leg;     // offer queued or travelled with (Model::offers), kNoLeg otherwise
    std::uint32_t qseq;    // ticket number in the leg queue
    // Money as of day 0: the EUR left on day t are money - daily_cost * t. Paying
    // subtracts the price; boarding adds back the living costs of the travel
    // days (they cost nothing). One field instead of "money" and "since day".
    float money;
    std::uint16_t where;   // bits 0-13: current place (or start of `leg`, kMaxPlaces); 14-15: taste
    std::uint8_t dest;     // index into Model::destinations
    std::uint8_t flags;    // bits 0-1: DocStatus, 2-3: MigrantStatus, 4-6: Fate (travelling), 7: good counterfeit

    std::uint32_t place() const { return where & 0x3fffu; }
    // 0 balanced, 1 thrifty, 2 hurried, 3 cautious (ChoiceParams::taste_share).
    std::uint32_t taste() const { return static_cast<std::uint32_t>(where >> 14); }
    void set_place(std::uint32_t p) { where = static_cast<std::uint16_t>((where & 0xc000u) | p); }
    std::uint8_t docs() const { return flags & 3u; }
    // A counterfeit bought from a group whose quality passes most checks.
    bool good_forgery() const { return (flags & kGoodForgery) != 0; }
    static constexpr std::uint8_t kGoodForgery = 0x80u;
    // The flags kept by a change of status: documents and their quality.
    static constexpr unsigned kKeep = 0x83u;
    MigrantStatus status() const { return static_cast<MigrantStatus>((flags >> 2) & 3u); }
    Fate fate() const { return static_cast<Fate>((flags >> 4) & 7u); }
    void set_status(MigrantStatus s) {
        flags = static_cast<std::uint8_t>((flags & kKeep) | (static_cast<unsigned>(s) << 2));
    }

    // In a parallel pass a slot is handled by one item, except that a stale
    // ticket (its migrant has moved on) may name the same slot: that item only
    // reads `leg`, `qseq` and the status to find out it is stale, while the
    // owner writes them. Both sides use these relaxed atomic accesses (plain
    // moves on x86), so the pass has no data race and its result does not
    // depend on timing: a stale ticket fails the check whatever it reads.
    template <class T>
    static T load_relaxed(const T& x) {
        return std::atomic_ref<T>(const_cast<T&>(x)).load(std::memory_order_relaxed);
    }
    template <class T>
    static void store_relaxed(T& x, T v) {
        std::atomic_ref<T>(x).store(v, std::memory_order_relaxed);
    }
    MigrantStatus status_relaxed() const { return static_cast<MigrantStatus>((load_relaxed(flags) >> 2) & 3u); }
    void set_status_relaxed(MigrantStatus s) {
        store_relaxed(flags, static_cast<std::uint8_t>((flags & kKeep) | (static_cast<unsigned>(s) << 2)));
    }
    // Whether this migrant holds ticket `seq` of leg `l` (safe against the owner).
    bool holds_ticket(std::uint32_t l, std::uint32_t seq) const {
        return load_relaxed(leg) == l && load_relaxed(qseq) == seq && status_relaxed() == MigrantStatus::Queued;
    }
};
static_assert(sizeof(Migrant) == 16);

// The migrants in the system, one slot each; slots of migrants who left are
// recycled (last freed, first reused), so memory follows the number in the
// system, not the total ever generated.
struct MigrantStore {
    // In mappings that grow without a copy (sim/remap_array.hpp).
    RemapArray<Migrant> slots;
    // Cold fields, read by few phases, in arrays of their own beside the records.
    RemapArray<std::uint16_t> origin;  // index into Model::origins
    std::vector<std::uint32_t> free_slots;

    std::size_t size() const { return slots.size(); }
    std::size_t bytes() const {
        return slots.bytes() + origin.bytes() + free_slots.capacity() * sizeof(std::uint32_t);
    }
    // Hands out `n` slots (reusing free ones first), in a deterministic order.
    // Grows by a quarter at a time; the mappings move without a copy (RemapArray).
    void allocate(std::size_t n, std::vector<std::uint32_t>& out);
    void release(std::uint32_t slot) {
        slots[slot].set_status(MigrantStatus::Free);
        slots[slot].leg = kNoLeg;
        free_slots.push_back(slot);
    }
    Migrant& operator[](std::uint32_t slot) { return slots[slot]; }
    const Migrant& operator[](std::uint32_t slot) const { return slots[slot]; }
};

// Ticket order with wrap-around (serial number arithmetic): valid while the
// tickets alive in one queue span less than 2^31 numbers.
inline bool seq_before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

// Queues and calendar buckets are deques: block-allocated, little slack, blocks
// freed as the head advances. Their blocks come from oneTBB's scalable
// allocator, whose per-thread pools serve the parallel appends without
// contending on one heap.
template <class T>
using BlockDeque = std::deque<T, tbb::scalable_allocator<T>>;

// Approximate heap bytes of a deque: its elements plus the block map.
template <class T, class A>
std::size_t deque_bytes(const std::deque<T, A>& d) {
    return d.size() * sizeof(T) + (d.size() * sizeof(T) / 512 + 1) * (512 + sizeof(void*));
}

// A ticket in a leg's queue. Ticket numbers come from one counter for the
// whole simulation, handed out in a fixed order (so they rise along every
// queue); they wrap around at 2^32 and are compared with seq_before(). A
// ticket is valid while its migrant is still queued with the same number.
struct Ticket {
    std::uint32_t slot;
    std::uint32_t seq;
};

// FIFO queue of one leg with lazy deletion of migrants that left it. A deque
// allocates in blocks and frees them as the head advances, so memory follows
// the queue's length without compaction passes.
struct LegQueue {
    BlockDeque<Ticket> buf;
    std::uint32_t live = 0;            // valid tickets
    double carry = 0.0;                // fractional capacity carried to the next day

    std::size_t bytes() const { return deque_bytes(buf); }
};

}  // namespace smugglesim
