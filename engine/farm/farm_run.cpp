#include "farm/farm_run.h"

#include <chrono>
#include <thread>

#include "core/file_io.h"
#include "core/stopwatch.h"
#include "farm/command.h"
#include "farm/farm_setup.h"

namespace twinshoot::farm {
namespace fs = std::filesystem;

namespace {


std::string job_script(const FarmRecord& record, const fs::path& out, const std::vector<std::string>& task_command) {
    std::string command;
    for (const std::string& arg : task_command) command += shell_quote(arg) + " ";
    return "#!/bin/sh\n"
           "# TwinShoot farm " + record.farm_id + ", shoot '" + record.shoot + "': array task K renders shard K of " +
           std::to_string(record.shards) + "\n# (docs/farm.md). Written by `twinshoot shoot --slurm`; the exit file tells the "
           "coordinator how the task ended.\n"
           "k=\"${SLURM_ARRAY_TASK_ID:?run this as a task of a Slurm job array}\"\n"
           "dir=" + shell_quote(absolute_or_same(farm_dir(out)).string()) + "/shard-\"$k\"\n"
           "" +
           command + "--farm-task \"$k\"\n"
           "status=$?\n"
           "# 75: this shard is already running in another task; that task writes the exit file.\n"
           "[ \"$status\" -eq 75 ] || { printf '%s\\n' \"$status\" > \"$dir/exit.tmp\" && mv -f \"$dir/exit.tmp\" \"$dir/exit\"; }\n"
           "exit \"$status\"\n";
}

int64_t shard_rows(const fs::path& out, uint32_t shard) {
    auto ledger = consent::Ledger::open_read_only(shard_ledger_path(out, shard));
    if (!ledger) return 0;
    auto rows = ledger->row_count();
    return rows ? *rows : 0;
}

// By the farm's job name rather than the recorded ids: a job submitted just before a crash, whose
// id never reached farm.json, is still found.
Result<std::map<uint32_t, std::string>> queued(const FarmRecord& record) { return queued_tasks(record.job_name()); }

std::vector<ShardStatus> shard_statuses(const FarmRecord& record, const fs::path& out,
                                        const std::map<uint32_t, std::string>& in_queue) {
    std::vector<ShardStatus> shards;
    for (uint32_t k = 1; k <= record.shards; ++k) {
        ShardStatus s;
        s.shard = k;
        s.images = shard_rows(out, k);
        if (auto q = in_queue.find(k); q != in_queue.end()) {
            s.state = q->second == "PENDING" || q->second == "CONFIGURING" ? ShardState::Pending : ShardState::Running;
        } else if (auto code = shard_exit_status(out, k)) {
            s.state = *code == 0 ? ShardState::Done : ShardState::Failed;
            s.exit_code = *code;
        } else {
            s.state = ShardState::Stopped;
        }
        shards.push_back(s);
    }
    return shards;
}

}  // namespace

const char* shard_state_name(ShardState state) {
    switch (state) {
        case ShardState::Pending: return "pending";
        case ShardState::Running: return "running";
        case ShardState::Done: return "done";
        case ShardState::Failed: return "failed";
        case ShardState::Stopped: return "stopped";
    }
    return "?";
}

size_t FarmProgress::count(ShardState state) const {
    size_t n = 0;
    for (const ShardStatus& s : shards) n += s.state == state;
    return n;
}

bool FarmOutcome::complete() const {
    for (const ShardStatus& s : shards)
        if (s.state != ShardState::Done) return false;
    return waited;
}

Result<FarmOutcome> run_farm(const studio::ShootRun& plan, consent::Ledger& main, const fs::path& out,
                             const FarmOptions& options, const std::function<void(const FarmProgress&)>& progress) {
    TS_TRY(check_extra_sbatch_args(options.submit.extra_args));  // before anything is reserved
    FarmOutcome outcome;
    Stopwatch timer;
    TS_TRY_ASSIGN(std::optional<FarmRecord> existing, read_farm_record(out));
    if (existing) {
        if (existing->shoot_sha256 != plan.shoot().file_sha256.hex())
            return make_error(ErrorCode::Invalid, farm_file(out).string() + ": that farm ran another version of " +
                                                      plan.shoot().file.string() + " (the file changed); use a new folder");
        if (existing->ledger != absolute_or_same(main.path()))
            return make_error(ErrorCode::Invalid, farm_file(out).string() + ": that farm records into " +
                                                      existing->ledger.string() + ", not " + main.path().string());
        outcome.record = *existing;
    } else {
        // A farm that could not be submitted would hold its uses for nothing: is there a scheduler?
        TS_TRY_ASSIGN(const CommandOutput sbatch, run_command({"sbatch", "--version"}));
        if (sbatch.exit_code != 0)
            return make_error(ErrorCode::Io, "sbatch --version failed (exit " + std::to_string(sbatch.exit_code) + "): " + sbatch.err +
                                                 "; nothing reserved or submitted");
        TS_TRY_ASSIGN(outcome.record, set_up_farm(plan, options.shards, main, out, options.task_command));
    }
    FarmRecord& record = outcome.record;
    outcome.setup_ms = timer.ms();
    int64_t planned = 0;
    for (const studio::ShotOutcome& o : plan.outcomes())
        planned += o.state == studio::ShotState::Planned || o.state == studio::ShotState::AlreadyDelivered;

    // Submit every shard that is neither finished nor still queued.
    timer.restart();
    TS_TRY_ASSIGN(auto in_queue, queued(record));
    std::vector<uint32_t> missing;
    for (const ShardStatus& s : shard_statuses(record, out, in_queue))
        if (s.state == ShardState::Failed || s.state == ShardState::Stopped) missing.push_back(s.shard);
    if (!missing.empty()) {
        const fs::path script = farm_dir(out) / "job.sh";
        TS_TRY(write_text_atomic(script, job_script(record, out, record.task_command), 0755));
        std::error_code ec;
        for (uint32_t k : missing) fs::remove(shard_exit_path(out, k), ec);
        SubmitOptions submit = options.submit;
        submit.job_name = record.job_name();
        const std::string logs = escape_percent(absolute_or_same(farm_dir(out)).string()) + "/shard-%a/task.log";
        TS_TRY_ASSIGN(const std::string job, submit_array(absolute_or_same(script), missing, logs, submit));
        record.jobs.push_back(job);
        outcome.submitted.push_back(job);
        TS_TRY(write_farm_record(out, record));
    }
    outcome.submit_ms = timer.ms();
    timer.restart();
    if (!options.wait) {
        TS_TRY_ASSIGN(in_queue, queued(record));
        outcome.shards = shard_statuses(record, out, in_queue);
        return outcome;
    }
    for (;;) {
        TS_TRY_ASSIGN(in_queue, queued(record));
        FarmProgress now;
        now.shards = shard_statuses(record, out, in_queue);
        now.planned = planned;
        for (const ShardStatus& s : now.shards) now.images += s.images;
        if (progress) progress(now);
        outcome.shards = now.shards;
        if (in_queue.empty()) break;
        std::this_thread::sleep_for(std::chrono::duration<double>(options.poll_seconds));
    }
    outcome.waited = true;
    outcome.wait_ms = timer.ms();
    timer.restart();
    std::vector<fs::path> finished;
    for (const ShardStatus& s : outcome.shards)
        if (s.state == ShardState::Done) finished.push_back(shard_ledger_path(out, s.shard));
    if (!finished.empty()) {
        TS_TRY_ASSIGN(outcome.merge, merge_shard_ledgers(finished, main));
    }
    if (outcome.complete()) TS_TRY(main.release(record.farm_id));
    outcome.merge_ms = timer.ms();
    return outcome;
}

}  // namespace twinshoot::farm
