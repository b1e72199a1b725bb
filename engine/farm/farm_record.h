// A farm run's folder and its record, farm.json (docs/farm.md).
//
//   OUT/                    the delivery: one PNG per shot (written by the shard tasks), and run.json,
//                           report.json and contact sheets (written by the coordinator after merging)
//   OUT/farm/farm.json      this record
//   OUT/farm/job.sh         the job array's batch script
//   OUT/farm/shard-K/       shard K: run.json and report.json of its run, ledger.sqlite (its shard
//                           ledger), task.log (what the task printed), exit (its exit status, written
//                           by job.sh when the task ends by itself), lock (held by the running task)
//   OUT/.farm.lock          held by the coordinator while it works on the farm
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
    // One shard task's command line up to "--farm-task K", fixed when the farm is set up: a resumed
    // farm re-runs its shards with the options (libraries, date, look, trust) it was decided with.
    std::vector<std::string> task_command;
    std::string job_name() const { return "twinshoot-" + farm_id; }  // finds the farm's tasks in the queue
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
Status write_farm_record_file(const std::filesystem::path& file, const FarmRecord& record);

// An exclusive lock on `file` (created if missing), held until destroyed: the coordinator locks
// OUT/.farm.lock, a shard task its shard's lock, so that nothing runs twice at once. Taken without
// waiting: held elsewhere is an error that says by whom (`who`).
class FolderLock {
public:
    static Result<FolderLock> take(const std::filesystem::path& file, const std::string& who);
    FolderLock(FolderLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    FolderLock& operator=(FolderLock&&) = delete;
    ~FolderLock();

private:
    explicit FolderLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

// A shard task's exit status as job.sh recorded it; empty when the task never ended by itself
// (still running, cancelled, killed, or never started).
std::optional<int> shard_exit_status(const std::filesystem::path& out, uint32_t shard);

}  // namespace twinshoot::farm
