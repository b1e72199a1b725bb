// The twinshoot command's exit codes (documented in README.md).
#pragma once

namespace twinshoot::cli {

enum ExitCode : int {
    kExitOk = 0,
    kExitEnvironment = 1,  // no usable Vulkan device, driver failure, out of memory
    kExitBadInput = 2,     // a missing/corrupt/unsupported file, bad arguments, unwritable output
    kExitRefused = 3,      // reserved: the licence refuses the request
    kExitShardBusy = 75,   // a farm's shard task found the shard already running (EX_TEMPFAIL; job.sh knows it)
};

}  // namespace twinshoot::cli
