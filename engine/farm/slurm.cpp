#include "farm/slurm.h"

#include <algorithm>
#include <sstream>

#include "farm/command.h"

namespace twinshoot::farm {

namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
}

}  // namespace

std::string array_spec(const std::vector<uint32_t>& tasks) {
    std::vector<uint32_t> sorted = tasks;
    std::sort(sorted.begin(), sorted.end());
    std::string spec;
    for (size_t i = 0; i < sorted.size();) {
        size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
        if (!spec.empty()) spec += ",";
        spec += std::to_string(sorted[i]);
        if (j > i) {
            spec += '-';  // appended, not "-" + s: GCC 12 warns falsely (-Wrestrict, PR 105329)
            spec += std::to_string(sorted[j]);
        }
        i = j + 1;
    }
    return spec;
}

Result<std::string> submit_array(const std::filesystem::path& script, const std::vector<uint32_t>& tasks,
                                 const std::string& output_pattern, const SubmitOptions& options) {
    std::vector<std::string> argv = {"sbatch", "--parsable", "--array=" + array_spec(tasks), "--output=" + output_pattern,
                                     "--open-mode=append", "--ntasks=1"};
    if (!options.job_name.empty()) argv.push_back("--job-name=" + options.job_name);
    if (!options.partition.empty()) argv.push_back("--partition=" + options.partition);
    for (const std::string& a : options.extra_args) argv.push_back(a);
    argv.push_back(script.string());
    TS_TRY_ASSIGN(const CommandOutput run, run_command(argv));
    if (run.exit_code != 0)
        return make_error(ErrorCode::Io, "sbatch refused the job array (exit " + std::to_string(run.exit_code) + "): " +
                                             trimmed(run.err.empty() ? run.out : run.err));
    std::string id = trimmed(run.out);
    if (const size_t semicolon = id.find(';'); semicolon != std::string::npos) id.resize(semicolon);  // "ID;cluster"
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return make_error(ErrorCode::Io, "sbatch printed no job id: '" + trimmed(run.out) + "'");
    return id;
}

Status check_extra_sbatch_args(const std::vector<std::string>& args) {
    static const char* reserved[] = {"--array", "-a", "--output", "-o", "--error", "-e", "--open-mode", "--job-name", "-J",
                                     "--parsable", "--wrap"};
    for (const std::string& arg : args)
        for (const char* r : reserved) {
            const std::string name(r);
            if (arg == name || arg.starts_with(name + "=") || (name.size() == 2 && arg.starts_with(name)))
                return make_error(ErrorCode::Invalid, "--sbatch-arg '" + arg + "': the farm sets " + name +
                                                          " itself (its array, logs and name are how it follows its tasks)");
        }
    return {};
}

std::string escape_percent(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == '%') out += '%';
        out += c;
    }
    return out;
}

Result<std::map<uint32_t, std::string>> queued_tasks(const std::string& job_name) {
    TS_TRY_ASSIGN(const CommandOutput run, run_command({"squeue", "-h", "-r", "-n", job_name, "-o", "%K %T"}));
    std::map<uint32_t, std::string> tasks;
    if (run.exit_code != 0)
        return make_error(ErrorCode::Io, "squeue failed (exit " + std::to_string(run.exit_code) + "): " + trimmed(run.err));
    std::istringstream lines(run.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string task, state;
        if (!(fields >> task >> state)) continue;
        // A pending array not yet split may print a range ("1-4" or "1,3"); count each task in it.
        std::istringstream ranges(task);
        std::string range;
        while (std::getline(ranges, range, ',')) {
            const size_t dash = range.find('-');
            try {
                const uint32_t first = uint32_t(std::stoul(range.substr(0, dash)));
                const uint32_t last = dash == std::string::npos ? first : uint32_t(std::stoul(range.substr(dash + 1)));
                for (uint32_t t = first; t <= last && t - first < 100000; ++t) tasks[t] = state;
            } catch (...) {
                continue;  // "N/A" and the like
            }
        }
    }
    return tasks;
}

}  // namespace twinshoot::farm
