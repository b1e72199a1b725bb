// Slurm through its own command-line tools, found on PATH (sbatch, squeue), with the cluster that
// SLURM_CONF or /etc/slurm names. Nothing here needs Slurm's accounting database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace twinshoot::farm {

struct SubmitOptions {
    std::string job_name;
    std::string partition;                // empty: the cluster's default
    std::vector<std::string> extra_args;  // passed to sbatch as they are (--sbatch-arg)
};

// Submits `script` as one job array whose task ids are `tasks` (each task's output appended to
// `output_pattern`, where %a is the task id). Returns the job id. sbatch's own refusal is an error
// carrying its message.
Result<std::string> submit_array(const std::filesystem::path& script, const std::vector<uint32_t>& tasks,
                                 const std::string& output_pattern, const SubmitOptions& options);

// The array tasks of the jobs named `job_name` that the queue still holds (pending, running,
// completing, ...), with the state squeue reports.
Result<std::map<uint32_t, std::string>> queued_tasks(const std::string& job_name);

// sbatch options the farm sets itself and --sbatch-arg may not change: an error naming it.
Status check_extra_sbatch_args(const std::vector<std::string>& args);

// `path` with '%' doubled, for sbatch's --output patterns.
std::string escape_percent(const std::string& path);

// "1,3,5-7"
std::string array_spec(const std::vector<uint32_t>& tasks);

}  // namespace twinshoot::farm
