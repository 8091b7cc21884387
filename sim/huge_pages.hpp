#pragma once
// An allocator for large arrays reached in random order (the migrant
// records): it asks Linux for transparent huge pages (madvise), so random
// accesses miss the TLB far less often. Small arrays use the heap as usual.
#include <sys/mman.h>

#include <cstdlib>
#include <memory>
#include <new>

namespace smugglesim {

template <class T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t kHuge = std::size_t{2} << 20;  // 2 MiB pages

    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    static std::size_t rounded(std::size_t n) { return (n * sizeof(T) + kHuge - 1) / kHuge * kHuge; }

    T* allocate(std::size_t n) {
        if (n * sizeof(T) < 2 * kHuge) return std::allocator<T>().allocate(n);
        void* p = std::aligned_alloc(kHuge, rounded(n));
        if (!p) throw std::bad_alloc();
        madvise(p, rounded(n), MADV_HUGEPAGE);  // a hint: failure only costs speed
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < 2 * kHuge) std::allocator<T>().deallocate(p, n);
        else std::free(p);
    }
    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace smugglesim
