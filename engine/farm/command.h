// Running a tool of the scheduler (sbatch, squeue, scancel) and reading what it printed.
//
// run_command starts argv[0] from PATH with the caller's environment, no shell in between, stdin
// /dev/null, and waits for it. It fails (ErrorCode::Io) only when the program cannot be started; a
// program that runs and exits non-zero is a result with its exit code and output.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace twinshoot::farm {

struct CommandOutput {
    int exit_code = 0;  // 128 + N when killed by signal N
    std::string out, err;
};

Result<CommandOutput> run_command(const std::vector<std::string>& argv);

// `text` quoted for a POSIX shell: 'it'\''s'.
std::string shell_quote(const std::string& text);

}  // namespace twinshoot::farm
