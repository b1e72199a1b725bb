// `twinshoot shoot`: a whole shoot file, licence-checked, rendered, recorded and delivered.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "commands.h"
#include "consent/string_lists.h"
#include "core/file_io.h"
#include "core/stopwatch.h"
#include "core/version.h"
#include "exit_codes.h"
#include "farm/farm_record.h"
#include "farm/farm_run.h"
#include "farm/farm_setup.h"
#include "studio/shoot_run.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

namespace {

Result<std::pair<uint32_t, uint32_t>> parse_shard(const std::string& text) {
    if (text.empty()) return std::pair<uint32_t, uint32_t>{1, 1};
    static const std::regex pattern(R"(^([0-9]{1,4})/([0-9]{1,4})$)");
    std::smatch m;
    if (std::regex_match(text, m, pattern)) {
        const uint32_t k = uint32_t(std::stoul(m[1])), n = uint32_t(std::stoul(m[2]));
        if (n >= 1 && k >= 1 && k <= n) return std::pair<uint32_t, uint32_t>{k, n};
    }
    return make_error(ErrorCode::Invalid, "--shard '" + text + "': expected K/N with 1 <= K <= N, e.g. 2/4");
}

std::string format_ms(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", ms);
    return text;
}

std::string pad(std::string text, size_t width) {
    // Width in characters (UTF-8 aware enough for the ASCII ids and names tables hold).
    size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    if (chars < width) text.append(width - chars, ' ');
    return text;
}

std::string decision_text(const studio::ShotOutcome& o) {
    switch (o.state) {
        case studio::ShotState::Planned:
        case studio::ShotState::Delivered:
            return "granted (" + o.licence_id + (o.fee ? ", " + o.fee->str() : "") + (o.disclosure ? ", labelled" : "") + ")";
        case studio::ShotState::AlreadyDelivered: return "already delivered (ledger row " + std::to_string(o.row->seq) + ")";
        case studio::ShotState::OtherShard: return "another shard";
        case studio::ShotState::Refused: {
            std::string text = "REFUSED:";
            for (size_t i = 0; i < o.violations.size(); ++i)
                text += (i ? "; " : " ") + o.violations[i].sentence + " [" + o.violations[i].rule + "]";
            return text;
        }
    }
    return "";
}

void print_table(const studio::ShootRun& run) {
    std::printf("%s%s%s%s%s%s\n", pad("SHOT", 28).c_str(), pad("TWIN", 11).c_str(), pad("POSE", 23).c_str(),
                pad("FORMAT", 20).c_str(), pad("USE", 10).c_str(), "DECISION");
    for (const auto& o : run.outcomes()) {
        const studio::ShootShot& s = run.shoot().shots[o.index];
        std::printf("%s %s %s %s %s %s\n", pad(s.id, 27).c_str(), pad(s.twin_id, 10).c_str(),
                    pad(s.pose.empty() ? "rest" : s.pose, 22).c_str(), pad(s.format, 19).c_str(),
                    pad(consent::use_name(s.use), 9).c_str(), decision_text(o).c_str());
    }
}

// Live progress on a terminal; one line per shot otherwise.
class Progress {
public:
    Progress(size_t total, bool quiet) : m_total(total), m_quiet(quiet), m_tty(::isatty(STDERR_FILENO) == 1) {}
    void shot(const studio::ShootRun& run, const studio::ShotOutcome& o) {
        ++m_done;
        if (m_quiet) return;
        const studio::ShootShot& s = run.shoot().shots[o.index];
        const double seconds = m_timer.ms() / 1000.0;
        const double rate = seconds > 0 ? double(m_done) / seconds : 0.0;
        const double eta = rate > 0 ? double(m_total - m_done) / rate : 0.0;
        if (m_tty) {
            const int width = 30, filled = m_total ? int(width * m_done / m_total) : width;
            std::fprintf(stderr, "\r\033[K[%s%s] %zu/%zu  %.2f shots/s  ETA %.0f s  %s", std::string(size_t(filled), '#').c_str(),
                         std::string(size_t(width - filled), '-').c_str(), m_done, m_total, rate, eta, s.id.c_str());
            if (m_done == m_total) std::fprintf(stderr, "\n");
        } else {
            std::fprintf(stderr, "twinshoot: shot %zu/%zu %s: %s (%.1f s)\n", m_done, m_total, s.id.c_str(),
                         studio::shot_state_name(o.state), o.render_ms / 1000.0);
        }
        std::fflush(stderr);
    }

private:
    size_t m_total;
    size_t m_done = 0;
    bool m_quiet;
    bool m_tty;
    Stopwatch m_timer;
};



// The shoot file with the command line's libraries, poses, date and look laid over it.
Result<studio::Shoot> load_shoot_file(const ShootOptions& options, const CommonOptions& common, studio::AssetCache& cache) {
    studio::ShootLoadOptions load;
    load.libraries = options.libraries;
    if (!options.poses.empty()) load.poses = options.poses;
    if (!options.date.empty()) {
        const auto date = consent::Date::parse(options.date);
        if (!date) return make_error(ErrorCode::Invalid, "--date '" + options.date + "': expected YYYY-MM-DD");
        load.date = *date;
    }
    if (auto look = look_from_options(common); !look) return look.error();  // the options alone, named first
    TS_TRY_ASSIGN(studio::Shoot shoot, studio::load_shoot(options.file, load, cache));
    for (studio::ShootShot& shot : shoot.shots) shot.look = overlay_look(common, shot.look);
    return shoot;
}

// One shard task's command line: this build, the same shoot, folder, look and date on every node.
std::vector<std::string> task_command(const ShootOptions& options, const CommonOptions& common, const studio::Shoot& shoot) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    std::vector<std::string> argv = {ec ? std::string("twinshoot") : self.string(), "shoot", absolute_or_same(options.file).string(),
                                     "-o", absolute_or_same(options.out_dir).string(), "--date", shoot.date.str(),
                                     "--trust", absolute_or_same(trust_folder(options.trust)).string()};
    for (const fs::path& library : options.libraries) argv.insert(argv.end(), {"--library", absolute_or_same(library).string()});
    if (!options.poses.empty()) argv.insert(argv.end(), {"--poses", absolute_or_same(options.poses).string()});
    argv.insert(argv.end(), {"--msaa", std::to_string(common.msaa), "--supersample", std::to_string(common.supersample)});
    if (!common.lights.empty()) argv.insert(argv.end(), {"--lights", common.lights});
    if (!common.environment.empty()) argv.insert(argv.end(), {"--environment", absolute_or_same(common.environment).string()});
    if (!common.tone_mapping.empty()) argv.insert(argv.end(), {"--tone-mapping", common.tone_mapping});
    if (common.ev100) argv.insert(argv.end(), {"--ev100", std::to_string(*common.ev100)});
    if (common.validation) argv.push_back("--validation");
    return argv;
}

// Farm progress: a bar of shards on a terminal, a line per change otherwise.
class FarmProgressPrinter {
public:
    explicit FarmProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDERR_FILENO) == 1) {}
    void operator()(const farm::FarmProgress& p) {
        if (m_quiet) return;
        const size_t n = p.shards.size(), done = p.count(farm::ShardState::Done);
        const size_t failed = p.count(farm::ShardState::Failed) + p.count(farm::ShardState::Stopped);
        char line[256];
        std::snprintf(line, sizeof line, "shards: %zu done, %zu running, %zu pending, %zu failed; images %lld/%lld", done,
                      p.count(farm::ShardState::Running), p.count(farm::ShardState::Pending), failed,
                      static_cast<long long>(p.images), static_cast<long long>(p.planned));
        if (m_tty) {
            const int width = 30, filled = n ? int(width * (done + failed) / n) : width;
            std::fprintf(stderr, "\r\033[K[%s%s] %s", std::string(size_t(filled), '#').c_str(),
                         std::string(size_t(width - filled), '-').c_str(), line);
        } else if (line != m_last) {
            std::fprintf(stderr, "twinshoot: farm %s\n", line);
        }
        m_last = line;
        std::fflush(stderr);
    }
    void finish() {
        if (!m_quiet && m_tty && !m_last.empty()) std::fprintf(stderr, "\n");
    }

private:
    bool m_quiet, m_tty;
    std::string m_last;
};

}  // namespace

int run_shoot_farm(const ShootOptions& options, const CommonOptions& common);

int run_shoot(const ShootOptions& options, const CommonOptions& common) {
    if (options.slurm && !options.dry_run) return run_shoot_farm(options, common);
    auto shard = parse_shard(options.shard);
    if (!shard) return fail(shard.error());
    // A farm's shard task: its shard, ledger and records come from the farm in the output folder.
    // Any other run into a farm's folder would render its shots outside the farm's ledgers.
    std::optional<farm::FarmRecord> farm_record;
    std::optional<farm::FolderLock> shard_lock;
    if (!options.farm_task && !options.dry_run) {
        auto record = farm::read_farm_record(options.out_dir);
        if (!record) return fail(record.error());
        if (*record)
            return fail(make_error(ErrorCode::Invalid, options.out_dir.string() + " holds farm run " + (*record)->farm_id +
                                                           ": finish it with --slurm --resume"));
    }
    if (options.farm_task) {
        auto record = farm::read_farm_record(options.out_dir);
        if (!record) return fail(record.error());
        if (!*record) return fail(make_error(ErrorCode::Invalid, options.out_dir.string() + ": holds no farm (no farm/farm.json)"));
        if (options.farm_task > (*record)->shards)
            return fail(make_error(ErrorCode::Invalid, "--farm-task " + std::to_string(options.farm_task) + ": the farm has " +
                                                           std::to_string((*record)->shards) + " shards"));
        farm_record = **record;
        shard = std::pair<uint32_t, uint32_t>{options.farm_task, farm_record->shards};
        auto lock = farm::FolderLock::take(farm::shard_dir(options.out_dir, options.farm_task) / "lock",
                                           "another task of shard " + std::to_string(options.farm_task));
        if (!lock) {
            std::fprintf(stderr, "twinshoot: error: %s\n", lock.error().message.c_str());
            return kExitShardBusy;
        }
        shard_lock.emplace(std::move(*lock));
    }
    Stopwatch total;
    studio::AssetCache cache;
    auto shoot = load_shoot_file(options, common, cache);
    if (!shoot) return fail(shoot.error());
    auto trust = consent::TrustStore::load(trust_folder(options.trust));
    if (!trust) return fail(trust.error());
    const fs::path ledger_path = farm_record              ? farm::shard_ledger_path(options.out_dir, options.farm_task)
                                 : options.ledger.empty() ? consent::Ledger::default_path()
                                                          : options.ledger;
    // A dry run changes nothing: it reads the ledger if there is one, else counts no uses.
    std::error_code ec;
    auto ledger = !options.dry_run                    ? consent::Ledger::open(ledger_path)
                  : fs::exists(ledger_path, ec) ? consent::Ledger::open_read_only(ledger_path)
                                                      : consent::Ledger::open(":memory:");
    if (!ledger) return fail(ledger.error());

    studio::ShootRunOptions run_options{.out_dir = options.out_dir, .resume = options.resume, .dry_run = options.dry_run,
                                        .shard_index = shard->first, .shard_count = shard->second,
                                        .creator_tool = kRendererName, .renderer = kRendererName};
    if (farm_record) {
        run_options.record_dir = farm::shard_dir(options.out_dir, options.farm_task);
        run_options.resume = true;  // the farm wrote the shard's run.json
        run_options.contact_sheet = false;
        auto shots = farm::shard_planned_shots(*ledger);
        if (!shots) return fail(shots.error());
        run_options.only_shots = std::move(*shots);
    }
    if (const char* kill = std::getenv("TWINSHOOT_TEST_KILL_AFTER_ROWS"); kill && *kill) run_options.kill_after_rows = std::atoi(kill);
    auto run = studio::ShootRun::plan(*shoot, run_options, *trust, *ledger, cache);
    if (!run) return fail(run.error());
    const double plan_ms = total.ms();
    const size_t refused_at_plan = run->count(studio::ShotState::Refused);

    if (options.dry_run) {
        if (options.json) std::printf("%s\n", run->report().dump(2).c_str());
        else print_table(*run);
        return refused_at_plan ? kExitRefused : kExitOk;
    }
    auto gpu = open_gpu(common);
    if (!gpu) return fail(gpu.error());
    run->set_renderer(std::string(kRendererName) + " on " + (*gpu)->device().info().name);
    Progress progress(run->count(studio::ShotState::Planned), common.quiet || options.json);
    Stopwatch render_timer;
    const Status rendered = run->render((*gpu)->renderer(), [&](const studio::ShotOutcome& o) { progress.shot(*run, o); });
    const double render_ms = render_timer.ms();
    // The report and contact sheet say what happened even when the run stopped early.
    const Status written = run->write_outputs();
    if (!rendered) return fail(rendered.error());
    if (!written) return fail(written.error());

    // Timing figures (bench/shoot_bench.sh reads them): the first delivered shot and the median of
    // the rest, each from decision to the image on disk with its ledger row.
    std::vector<double> shot_ms;
    for (const auto& o : run->outcomes())
        if (o.state == studio::ShotState::Delivered) shot_ms.push_back(o.render_ms);
    const double first_ms = shot_ms.empty() ? 0.0 : shot_ms.front();
    std::vector<double> rest(shot_ms.begin() + (shot_ms.empty() ? 0 : 1), shot_ms.end());
    std::sort(rest.begin(), rest.end());
    const double steady_ms = rest.empty() ? first_ms : rest[rest.size() / 2];
    const double peak_mib = double(peak_rss_bytes()) / (1024.0 * 1024.0);
    if (options.json) {
        nlohmann::json report = run->report();
        report["process"] = {{"load_and_decide_s", plan_ms / 1000.0}, {"render_s", render_ms / 1000.0},
                             {"first_shot_s", first_ms / 1000.0}, {"steady_s_per_shot", steady_ms / 1000.0},
                             {"peak_rss_mib", peak_mib}, {"total_s", total.ms() / 1000.0}};
        std::printf("%s\n", report.dump(2).c_str());
    } else {
        for (const auto& o : run->outcomes())
            if (o.state == studio::ShotState::Refused)
                std::printf("refused %s: %s\n", run->shoot().shots[o.index].id.c_str(), decision_text(o).c_str() + 9);
    }
    if (!common.quiet) {
        const size_t delivered = run->count(studio::ShotState::Delivered);
        std::fprintf(stderr,
                     "twinshoot: shoot '%s' into %s: %zu delivered, %zu already delivered, %zu refused by the licences"
                     "%s; ledger %s; load + decide %.1f s, render %.1f s (%.2f s per shot)\n",
                     shoot->name.c_str(), options.out_dir.c_str(), delivered, run->count(studio::ShotState::AlreadyDelivered),
                     run->count(studio::ShotState::Refused),
                     shard->second > 1 ? (", shard " + options.shard).c_str() : "", ledger->path().c_str(), plan_ms / 1000.0,
                     render_ms / 1000.0, delivered ? render_ms / 1000.0 / double(delivered) : 0.0);
        if (delivered)
            std::fprintf(stderr, "twinshoot: timing: first shot %.2f s, steady %.2f s per shot (median of %zu), peak RSS %.0f MiB, "
                                 "total %.1f s\n",
                         first_ms / 1000.0, steady_ms / 1000.0, rest.size(), peak_mib, total.ms() / 1000.0);
        if (delivered) {
            std::string stages;
            const StageTimes median = run->median_stages();
            for (const auto& [stage, ms] : median.stages())
                stages.append(stages.empty() ? "" : ", ").append(stage).append(" ").append(format_ms(ms));
            std::fprintf(stderr, "twinshoot: stages (median ms per shot): %s\n", stages.c_str());
        }
    }
    // A farm task that finished has done its part; the coordinator reports the refusals.
    if (options.farm_task) return kExitOk;
    return run->count(studio::ShotState::Refused) ? kExitRefused : kExitOk;
}

// `shoot --slurm`: decide here, reserve, submit one job array, wait, merge, report (docs/farm.md).
int run_shoot_farm(const ShootOptions& options, const CommonOptions& common) {
    if (!options.shard.empty() || options.farm_task)
        return fail(make_error(ErrorCode::Invalid, "--slurm splits the shoot itself: leave out --shard"));
    Stopwatch total;
    studio::AssetCache cache;
    auto shoot = load_shoot_file(options, common, cache);
    if (!shoot) return fail(shoot.error());
    auto trust = consent::TrustStore::load(trust_folder(options.trust));
    if (!trust) return fail(trust.error());
    auto ledger = consent::Ledger::open(options.ledger.empty() ? consent::Ledger::default_path() : options.ledger);
    if (!ledger) return fail(ledger.error());

    std::error_code ec;
    fs::create_directories(options.out_dir, ec);
    if (ec) return fail(make_error(ErrorCode::Io, options.out_dir.string() + ": cannot create the output folder: " + ec.message()));
    auto lock = farm::FolderLock::take(options.out_dir / ".farm.lock", "another twinshoot coordinating this farm");
    if (!lock) return fail(lock.error());
    auto existing = farm::read_farm_record(options.out_dir);
    if (!existing) return fail(existing.error());
    if (*existing && !options.resume)
        return fail(make_error(ErrorCode::Invalid, options.out_dir.string() + " already holds farm run " + (*existing)->farm_id +
                                                       " of shoot '" + (*existing)->shoot + "': pass --resume to finish it"));
    if (!*existing && fs::exists(options.out_dir / "run.json", ec))
        return fail(make_error(ErrorCode::Invalid, options.out_dir.string() + " holds a run that is not a farm's: finish it "
                                                                              "without --slurm, or choose another folder"));
    studio::ShootRunOptions plan_options{.out_dir = options.out_dir, .resume = bool(*existing), .creator_tool = kRendererName,
                                         .renderer = kRendererName};
    if (*existing) {
        plan_options.holder = (*existing)->farm_id;
        if (Status ensured = farm::ensure_run_record(options.out_dir, **existing, *shoot); !ensured) return fail(ensured.error());
    }
    auto plan = studio::ShootRun::plan(*shoot, plan_options, *trust, *ledger, cache);
    if (!plan) return fail(plan.error());
    if (!*existing && plan->count(studio::ShotState::Planned) == 0) {
        if (!options.json)
            for (const auto& o : plan->outcomes())
                std::printf("refused %s: %s\n", shoot->shots[o.index].id.c_str(), decision_text(o).c_str() + 9);
        if (!common.quiet) std::fprintf(stderr, "twinshoot: shoot '%s': the licences grant no shot; nothing submitted\n", shoot->name.c_str());
        return kExitRefused;
    }
    for (const auto& o : plan->outcomes())
        if (o.state == studio::ShotState::Refused && !options.json)
            std::printf("refused %s: %s\n", shoot->shots[o.index].id.c_str(), decision_text(o).c_str() + 9);
    const double plan_ms = total.ms();

    farm::FarmOptions farm_options;
    if (options.shards) farm_options.shards = options.shards;
    farm_options.submit.partition = options.partition;
    farm_options.submit.extra_args = options.sbatch_args;
    farm_options.wait = !options.no_wait;
    farm_options.task_command = task_command(options, common, *shoot);
    if (const char* poll = std::getenv("TWINSHOOT_FARM_POLL_S"); poll && *poll) farm_options.poll_seconds = std::atof(poll);
    FarmProgressPrinter printer(common.quiet || options.json);
    auto outcome = farm::run_farm(*plan, *ledger, options.out_dir, farm_options, [&](const farm::FarmProgress& p) { printer(p); });
    printer.finish();
    if (!outcome) return fail(outcome.error());
    const farm::FarmRecord& record = outcome->record;
    if (!outcome->waited) {
        if (!common.quiet)
            std::fprintf(stderr, "twinshoot: farm %s: submitted job %s (%u shards) from %s; collect it with the same command "
                                 "and --resume\n",
                         record.farm_id.c_str(), outcome->submitted.empty() ? "(none: all queued)" : outcome->submitted.back().c_str(),
                         record.shards, options.out_dir.c_str());
        if (options.json) std::printf("%s\n", nlohmann::json({{"farm_id", record.farm_id}, {"jobs", record.jobs}}).dump(2).c_str());
        return kExitOk;
    }
    // The delivery as the main ledger now records it: report.json and the contact sheets.
    Stopwatch report_timer;
    studio::ShootRunOptions report_options = plan_options;
    report_options.resume = true;
    report_options.holder = record.farm_id;
    auto merged = studio::ShootRun::plan(*shoot, report_options, *trust, *ledger, cache);
    if (!merged) return fail(merged.error());
    if (Status written = merged->write_outputs(); !written) return fail(written.error());
    const double report_ms = report_timer.ms();
    std::vector<std::string> problems;
    nlohmann::json shards = nlohmann::json::array();
    for (const farm::ShardStatus& s : outcome->shards) {
        shards.push_back({{"shard", s.shard}, {"state", farm::shard_state_name(s.state)}, {"exit", s.exit_code}, {"images", s.images}});
        if (s.state == farm::ShardState::Failed || s.state == farm::ShardState::Stopped)
            problems.push_back("shard " + std::to_string(s.shard) + " " + farm::shard_state_name(s.state) +
                               (s.state == farm::ShardState::Failed ? " (exit " + std::to_string(s.exit_code) + ")" : "") +
                               ": see " + farm::shard_log_path(options.out_dir, s.shard).string());
    }
    if (options.json) {
        nlohmann::json report = merged->report();
        report["farm"] = {{"farm_id", record.farm_id}, {"jobs", record.jobs}, {"shards", shards},
                          {"merged_rows", outcome->merge.added}, {"complete", outcome->complete()}};
        report["process"] = {{"load_and_decide_s", plan_ms / 1000.0},  {"reserve_and_set_up_s", outcome->setup_ms / 1000.0},
                             {"submit_s", outcome->submit_ms / 1000.0},   {"wait_s", outcome->wait_ms / 1000.0},
                             {"merge_s", outcome->merge_ms / 1000.0},     {"report_s", report_ms / 1000.0},
                             {"total_s", total.ms() / 1000.0}};
        std::printf("%s\n", report.dump(2).c_str());
    }
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: farm %s of shoot '%s' into %s: %zu delivered, %zu refused by the licences, %lld rows merged "
                             "into %s; %.1f s\n",
                     record.farm_id.c_str(), shoot->name.c_str(), options.out_dir.c_str(),
                     merged->count(studio::ShotState::AlreadyDelivered), merged->count(studio::ShotState::Refused),
                     static_cast<long long>(outcome->merge.added), ledger->path().c_str(), total.ms() / 1000.0);
    if (!problems.empty()) {
        for (const std::string& p : problems) std::fprintf(stderr, "twinshoot: error: %s\n", p.c_str());
        std::fprintf(stderr, "twinshoot: error: the farm is not finished: run the same command with --resume\n");
        return kExitEnvironment;
    }
    // Every shard finished, yet a granted shot has no image: its shard refused it at delivery (the
    // licence changed meanwhile, or a permission's own limit): its report says why.
    bool undelivered = false;
    for (const auto& o : merged->outcomes())
        if (o.state == studio::ShotState::Planned) {
            undelivered = true;
            const uint32_t k = uint32_t(o.index % record.shards) + 1;
            std::fprintf(stderr, "twinshoot: shot %s was not delivered: shard %u refused it at delivery (see %s)\n",
                         shoot->shots[o.index].id.c_str(), k, (farm::shard_dir(options.out_dir, k) / "report.json").c_str());
        }
    return merged->count(studio::ShotState::Refused) || undelivered ? kExitRefused : kExitOk;
}

}  // namespace twinshoot::cli
