// Importing a model in a child process, so that a file that crashes, hangs or exhausts the
// importer cannot take the calling program (a shoot of a thousand shots, the editor) with it.
//
// The child is `twinshoot-import` (asset/import_child_main.cpp): it closes every inherited file
// descriptor, limits its own address space, CPU time, open files and file writes (setrlimit), runs
// import_model on the file and writes the model's binary form (asset/model_codec.h) to its stdout.
// The parent reads it with a wall-clock deadline and decodes it without trusting it.
//
// Every failure is one Error naming the file: the importer's own error (bad input: its code kept),
// "the importer crashed (SIGSEGV) on FILE", "the importer ran out of memory on FILE", "the importer
// timed out after N s on FILE" (all ErrorCode::Parse: the file is at fault, exit 2), or, when the
// helper itself cannot be found or started, ErrorCode::Io naming the helper.
#pragma once

#include <cstdint>
#include <filesystem>

#include "asset/import_limits.h"
#include "asset/model.h"
#include "core/result.h"

namespace twinshoot::asset {

struct IsolationLimits {
    uint64_t address_space_bytes = 8ull << 30;  // RLIMIT_AS (not applied in sanitizer builds, which reserve terabytes)
    uint32_t cpu_seconds = 120;                 // RLIMIT_CPU
    double wall_seconds = 180.0;                // the parent kills the child after this long
    uint32_t open_files = 32;                   // RLIMIT_NOFILE
    uint64_t max_output_bytes = 8ull << 30;     // the child's answer; more is treated as a runaway
};

// The helper: $TWINSHOOT_IMPORTER if set, else `twinshoot-import` beside the running executable,
// else the one in the build tree this library was built in.
Result<std::filesystem::path> import_helper_path();

Result<Model> import_model_isolated(const std::filesystem::path& path, const IsolationLimits& isolation = {},
                                    const ImportLimits& limits = kDefaultImportLimits);

// The child's exit codes beyond 0 (the answer is on stdout).
inline constexpr int kImportChildErrorBase = 64;  // + int(ErrorCode): an import error, message on stderr
inline constexpr int kImportChildOutOfMemory = 90;
inline constexpr int kImportChildUsage = 91;

}  // namespace twinshoot::asset
