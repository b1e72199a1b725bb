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
#include "core/stopwatch.h"
#include "core/version.h"
#include "exit_codes.h"
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

}  // namespace

int run_shoot(const ShootOptions& options, const CommonOptions& common) {
    auto shard = parse_shard(options.shard);
    if (!shard) return fail(shard.error());
    studio::ShootLoadOptions load;
    load.libraries = options.libraries;
    if (!options.poses.empty()) load.poses = options.poses;
    if (!options.date.empty()) {
        const auto date = consent::Date::parse(options.date);
        if (!date) return fail(make_error(ErrorCode::Invalid, "--date '" + options.date + "': expected YYYY-MM-DD"));
        load.date = *date;
    }
    Stopwatch total;
    studio::AssetCache cache;
    auto shoot = studio::load_shoot(options.file, load, cache);
    if (auto look = look_from_options(common); !look) return fail(look.error());  // the options alone
    if (shoot)
        for (studio::ShootShot& shot : shoot->shots) shot.look = overlay_look(common, shot.look);
    if (!shoot) return fail(shoot.error());
    auto trust = consent::TrustStore::load(trust_folder(options.trust));
    if (!trust) return fail(trust.error());
    const fs::path ledger_path = options.ledger.empty() ? consent::Ledger::default_path() : options.ledger;
    // A dry run changes nothing: it reads the ledger if there is one, else counts no uses.
    std::error_code ec;
    auto ledger = !options.dry_run                    ? consent::Ledger::open(ledger_path)
                  : fs::exists(ledger_path, ec) ? consent::Ledger::open_read_only(ledger_path)
                                                      : consent::Ledger::open(":memory:");
    if (!ledger) return fail(ledger.error());

    studio::ShootRunOptions run_options{.out_dir = options.out_dir, .resume = options.resume, .dry_run = options.dry_run,
                                        .shard_index = shard->first, .shard_count = shard->second,
                                        .creator_tool = kRendererName, .renderer = kRendererName};
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
    }
    return run->count(studio::ShotState::Refused) ? kExitRefused : kExitOk;
}

}  // namespace twinshoot::cli
