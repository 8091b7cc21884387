#pragma once
// Running state of one simulation: migrants as a structure of arrays, leg
// queues, calendar queues, counters. Separate from the immutable Model.
#include <cstdint>
#include <limits>
#include <vector>

namespace smugglesim {

inline constexpr std::uint32_t kNoLeg = std::numeric_limits<std::uint32_t>::max();

enum class MigrantStatus : std::uint8_t {
    Free = 0,        // slot unused (migrant left the system; slot recycled)
    Choosing = 1,    // at a place, will choose a leg in the next choose phase
    Queued = 2,      // at a place, queued for `leg`
    Travelling = 3,  // on `leg`
};

// Migrants in the system, one slot each; slots of migrants that left are
// recycled, so memory follows the number in the system, not the total ever
// generated. Only the fields the hot loops need; counts go to the recorder.
struct MigrantStore {
    std::vector<std::uint64_t> serial;  // unique id in generation order: keys the RNG
    std::vector<std::uint32_t> place;   // current place (or start of `leg`)
    std::vector<std::uint32_t> leg;     // queued or travelling leg, kNoLeg otherwise
    std::vector<std::uint32_t> qseq;    // ticket number in the leg queue
    std::vector<float> money;           // EUR left as of day `since`
    std::vector<std::uint16_t> since;   // day money was last updated
    std::vector<std::uint8_t> dest;     // index into Model::destinations
    std::vector<std::uint8_t> docs;     // DocStatus
    std::vector<MigrantStatus> status;
    std::vector<std::uint32_t> free_slots;

    std::size_t size() const { return serial.size(); }
    std::size_t bytes() const;  // heap bytes held by the arrays
    // Appends `n` slots (reusing free ones first); returns them in order.
    void allocate(std::size_t n, std::vector<std::uint32_t>& out);
    void release(std::uint32_t slot) {
        status[slot] = MigrantStatus::Free;
        leg[slot] = kNoLeg;
        free_slots.push_back(slot);
    }
};

// A ticket in a leg's queue or in the re-decision calendar. It is valid while
// the migrant is still queued with the same ticket number.
struct Ticket {
    std::uint32_t slot;
    std::uint32_t seq;
};

// FIFO queue of one leg with lazy deletion of migrants that left it.
struct LegQueue {
    std::vector<Ticket> buf;
    std::size_t head = 0;
    std::uint32_t next_seq = 1;
    std::uint32_t live = 0;            // valid tickets
    std::uint32_t served_seq = 0;      // ticket number of the last migrant boarded
    double carry = 0.0;                // fractional capacity carried to the next day

    void push(Ticket t) { buf.push_back(t); }
    bool empty() const { return head == buf.size(); }
    Ticket pop() { return buf[head++]; }
    void compact() {
        if (head > 4096 && head * 2 > buf.size()) {
            buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(head));
            head = 0;
        }
    }
    std::size_t bytes() const { return buf.capacity() * sizeof(Ticket); }
};

}  // namespace smugglesim
