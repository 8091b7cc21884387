#pragma once
// A growable array of trivially copyable records in an anonymous memory
// mapping, for the migrant records (sim/migrants/records.hpp). Growing it asks
// Linux to move the mapping (mremap) instead of allocating a second buffer and
// copying: a vector's growth holds the old and the new buffer at once, which
// set the peak resident memory of a run (docs/performance.md). Pages become
// resident only as they are written, and large mappings ask for transparent
// huge pages (madvise), so that records reached in random order miss the TLB
// less often.
#include <sys/mman.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace smugglesim {

template <class T>
class RemapArray {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    RemapArray() = default;
    RemapArray(std::size_t n, const T& value) { resize(n, value); }
    RemapArray(const RemapArray& o) { *this = o; }
    RemapArray(RemapArray&& o) noexcept { swap(o); }
    RemapArray& operator=(const RemapArray& o) {
        if (this != &o) {
            size_ = 0;
            reserve(o.size_);
            if (o.size_ > 0) std::memcpy(static_cast<void*>(data_), o.data_, o.size_ * sizeof(T));
            size_ = o.size_;
        }
        return *this;
    }
    RemapArray& operator=(RemapArray&& o) noexcept {
        RemapArray(std::move(o)).swap(*this);
        return *this;
    }
    ~RemapArray() {
        if (data_) munmap(data_, bytes_);
    }
    void swap(RemapArray& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(bytes_, o.bytes_);
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::size_t capacity() const { return bytes_ / sizeof(T); }
    // Bytes mapped (resident only as far as written).
    std::size_t bytes() const { return bytes_; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T& operator[](std::size_t i) { return data_[i]; }
    const T& operator[](std::size_t i) const { return data_[i]; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }

    // Room for `n` records: the mapping grows (moved by the kernel, not copied).
    void reserve(std::size_t n) {
        if (n <= capacity()) return;
        const std::size_t want = round_up(n * sizeof(T));
        void* p = data_ ? mremap(data_, bytes_, want, MREMAP_MAYMOVE)
                        : mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        if (want >= kHuge) madvise(p, want, MADV_HUGEPAGE);  // a hint: failure only costs speed
        data_ = static_cast<T*>(p);
        bytes_ = want;
    }
    // Records [size, n) become `value`; a smaller `n` drops the tail (the mapping stays).
    void resize(std::size_t n, const T& value) {
        reserve(n);
        if (n > size_) std::fill(data_ + size_, data_ + n, value);
        size_ = n;
    }

private:
    static constexpr std::size_t kPage = 4096, kHuge = std::size_t{2} << 20;
    static std::size_t round_up(std::size_t b) {
        const std::size_t unit = b >= kHuge ? kHuge : kPage;
        return (b + unit - 1) / unit * unit;
    }
    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t bytes_ = 0;
};

}  // namespace smugglesim
