// A farm run's folder and its record, farm.json (docs/farm.md).
//
//   OUT/                    the delivery: one PNG per shot (written by the shard tasks), and run.json,
//                           report.json and contact sheets (written by the coordinator after merging)
//   OUT/farm/farm.json      this record
//   OUT/farm/job.sh         the job array's batch script
//   OUT/farm/shard-K/       shard K: run.json and report.json of its run, ledger.sqlite (its shard
//                           ledger), task.log (what the task printed), exit (its exit status, written
//                           by job.sh when the task ends)
//
// The farm id is the run id of the whole run: the shards' runs and the merged ledger rows carry it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace twinshoot::farm {

struct FarmRecord {
    std::string farm_id;
    std::string shoot;          // the shoot's name
    std::string shoot_sha256;   // of the shoot file
    uint32_t shards = 1;
    std::filesystem::path ledger;   // the main ledger, absolute
    std::vector<std::string> jobs;  // Slurm job ids submitted, oldest first
    std::string created;            // UTC
};

std::filesystem::path farm_dir(const std::filesystem::path& out);
std::filesystem::path farm_file(const std::filesystem::path& out);
std::filesystem::path shard_dir(const std::filesystem::path& out, uint32_t shard);
std::filesystem::path shard_ledger_path(const std::filesystem::path& out, uint32_t shard);
std::filesystem::path shard_exit_path(const std::filesystem::path& out, uint32_t shard);
std::filesystem::path shard_log_path(const std::filesystem::path& out, uint32_t shard);

// A missing file is an empty optional; a file that is not a farm record is an error naming it.
Result<std::optional<FarmRecord>> read_farm_record(const std::filesystem::path& out);
Status write_farm_record(const std::filesystem::path& out, const FarmRecord& record);  // atomically

// A shard task's exit status as job.sh recorded it; empty when the task never ended by itself
// (still running, cancelled, killed, or never started).
std::optional<int> shard_exit_status(const std::filesystem::path& out, uint32_t shard);

}  // namespace twinshoot::farm
