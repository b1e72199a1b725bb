// Asking the kernel for many pages at once instead of one fault at a time.
//
// A fresh allocation is mapped lazily: the first write to each 4 KiB page traps into the kernel.
// On virtual machines a trap is expensive (tens of microseconds measured on this project's CI VMs),
// so filling a 7 MiB buffer costs more in faults than in copying. populate_for_write() maps every
// page of [data, data + bytes) for writing with one madvise(MADV_POPULATE_WRITE) call (Linux 5.14+;
// on older kernels it does nothing). It changes no content and never fails; it is only a hint, so
// call it on memory about to be written in full, not on memory that may stay unused.
#pragma once

#include <cstddef>

namespace twinshoot {

void populate_for_write(void* data, size_t bytes);

// Below this, one populate call costs more than the faults it saves.
inline constexpr size_t kPopulateThreshold = 256 * 1024;

}  // namespace twinshoot
