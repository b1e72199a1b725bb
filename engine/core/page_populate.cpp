#include "core/page_populate.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace twinshoot {

void populate_for_write(void* data, size_t bytes) {
    if (!data || bytes < kPopulateThreshold) return;
    static const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    // Whole pages inside the range only: the partial pages at either end may belong to other data.
    const uintptr_t begin = (uintptr_t(data) + page - 1) & ~(page - 1);
    const uintptr_t end = (uintptr_t(data) + bytes) & ~(page - 1);
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
}

}  // namespace twinshoot
