// Running a shoot on a Slurm cluster as one job array (docs/farm.md): the coordinator's side.
//
//   auto plan = studio::ShootRun::plan(shoot, {.out_dir = OUT, .holder = farm id if resuming}, ...);
//   auto outcome = farm::run_farm(plan, main_ledger, OUT, options, on_progress);
//   // then plan the shoot again against the main ledger and write report.json + contact sheets
//
// run_farm sets the farm up when OUT has none (farm/farm_setup.h: reservations, shard ledgers),
// submits one job array (named after the farm, found in the queue by that name) for every shard that
// has not finished and is not queued, waits for the
// array while reporting progress, then merges the ledgers of the shards that finished (exit 0) into
// the main ledger and, once every shard has, releases what the farm still holds. Run again, it
// waits for what is still queued, re-submits what failed or was cancelled, and renders nothing
// twice: each shard task resumes its own run.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "consent/ledger.h"
#include "farm/farm_record.h"
#include "farm/ledger_merge.h"
#include "farm/slurm.h"
#include "studio/shoot_run.h"

namespace twinshoot::farm {

struct FarmOptions {
    uint32_t shards = 4;  // for a new farm; a farm keeps the count it was set up with
    SubmitOptions submit;
    bool wait = true;  // false: return once submitted
    // For a new farm, one shard task's command line up to "--farm-task K" (added by job.sh): the
    // same twinshoot build and options on every node, absolute paths. Kept in farm.json: a resumed
    // farm runs the command it was set up with.
    std::vector<std::string> task_command;
    double poll_seconds = 2.0;
};

enum class ShardState { Pending, Running, Done, Failed, Stopped };  // Stopped: ended with no exit status
const char* shard_state_name(ShardState state);

struct ShardStatus {
    uint32_t shard = 0;
    ShardState state = ShardState::Pending;
    int exit_code = 0;     // Done/Failed
    int64_t images = 0;    // rows in its shard ledger
};

struct FarmProgress {
    std::vector<ShardStatus> shards;
    int64_t images = 0;   // delivered by all shards so far
    int64_t planned = 0;  // images the farm set out to deliver
    size_t count(ShardState state) const;
};

struct FarmOutcome {
    FarmRecord record;
    std::vector<std::string> submitted;  // job ids submitted by this call
    std::vector<ShardStatus> shards;     // as the last poll saw them
    MergeResult merge;
    bool waited = false;
    // Where the coordinator's time went (ms): reservation and shard ledgers, sbatch, waiting for
    // the array, merging the shard ledgers.
    double setup_ms = 0, submit_ms = 0, wait_ms = 0, merge_ms = 0;
    bool complete() const;  // every shard done and merged
};

Result<FarmOutcome> run_farm(const studio::ShootRun& plan, consent::Ledger& main, const std::filesystem::path& out,
                             const FarmOptions& options, const std::function<void(const FarmProgress&)>& progress);

}  // namespace twinshoot::farm
