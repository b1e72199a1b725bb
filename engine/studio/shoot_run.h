// Running a shoot: every shot's licence decided first, then the granted ones rendered, recorded in
// the ledger and delivered into a folder, with a report and a contact sheet.
//
//   auto run = ShootRun::plan(shoot, options, trust, ledger, cache);   // loads + decides, writes nothing
//   for (auto& o : run->outcomes()) ...                                 // --dry-run stops here
//   run->render(renderer, on_progress);                                 // deliver
//   run->write_outputs();                                               // report.json, contact-sheet.png
//
// Delivery of one shot, crash-safe at every instant (docs/shoots.md):
//   1. re-decide with the licence's use count from the ledger, render, hash the pixels;
//   2. in one ledger transaction: count uses again and re-decide (another process may have used the
//      licence), compute the row and its hash, write "<id>.png.partial" (PNG + XMP holding the row
//      hash, fsynced), commit the row;
//   3. rename "<id>.png.partial" to "<id>.png" and fsync the folder.
// A crash before 2 commits leaves no row and at most a partial file, which --resume deletes; a crash
// after leaves a row and its durable partial, which --resume renames. Nothing is rendered twice.
//
// The output folder's run.json names the run (id, shoot file hash, shard, ledger). Without --resume
// a folder that already holds a run, or any of the shots' images, is refused. Refused shots are
// never rendered or recorded. Not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "consent/ledger.h"
#include "consent/policy.h"
#include "studio/asset_cache.h"
#include "studio/shoot_file.h"
#include "studio/twin_shot.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::studio {

struct ShootRunOptions {
    std::filesystem::path out_dir;
    bool resume = false;
    bool dry_run = false;
    uint32_t shard_index = 1;  // K of K/N, 1-based
    uint32_t shard_count = 1;  // N
    std::string creator_tool = "TwinShoot";  // "TwinShoot 0.1.0"
    std::string renderer;                     // "TwinShoot 0.1.0 on llvmpipe (LLVM 15.0.6, 256 bits)"
    // Where run.json and report.json go (empty: out_dir). A farm shard keeps its records in its own
    // folder and delivers its images into the farm's shared out_dir (farm/farm_run.h).
    std::filesystem::path record_dir;
    bool contact_sheet = true;  // write_outputs() draws the contact sheet
    // A farm planning its own shots: uses this holder holds in the ledger count as free for it.
    std::string holder;
    // A farm's shard task: only these shots (those the coordinator planned for the shard) may be
    // rendered; the others of the shard are left as OtherShard.
    std::optional<std::set<std::string>> only_shots;
    // Fault injection for the crash tests: the process kills itself (SIGKILL) right after committing
    // this many ledger rows, before the image gets its final name. 0 = never.
    int kill_after_rows = 0;
};

// run.json of a run in `dir`, written atomically: render() writes it for a new run; a farm writes its
// shards' ahead of their tasks (farm/farm_setup.h).
Status write_run_record(const std::filesystem::path& dir, const Shoot& shoot, const std::string& run_id,
                        uint32_t shard_index, uint32_t shard_count, const std::filesystem::path& ledger);

// Whether shot i (0-based, in file order) belongs to shard K of N: i mod N == K - 1.
bool in_shard(size_t index, uint32_t shard_index, uint32_t shard_count);

enum class ShotState : uint8_t { Planned, Delivered, AlreadyDelivered, Refused, OtherShard };
const char* shot_state_name(ShotState state);  // "planned", "delivered", "already-delivered", "refused", "other-shard"

struct ShotOutcome {
    size_t index = 0;  // into Shoot::shots
    ShotState state = ShotState::Planned;
    std::vector<consent::Violation> violations;  // why it was refused
    std::string licence_id;
    std::optional<consent::Money> fee;
    // The licence's largest max_uses among its permissions that have one (none: uses are not limited).
    std::optional<int64_t> licence_max_uses;
    std::optional<std::string> disclosure;
    std::optional<consent::LedgerRow> row;  // delivered ones
    std::filesystem::path image;            // delivered ones
    double render_ms = 0.0;                 // render + encode + record, this run
    // Delivered ones, this run: where the shot's time went, in ms ("load", "pose", "decide", then
    // DeliveryResult::times). report.json gives them as "stages_ms".
    StageTimes stages;
};

class ShootRun {
public:
    static Result<ShootRun> plan(const Shoot& shoot, const ShootRunOptions& options, const consent::TrustStore& trust,
                                 consent::Ledger& ledger, AssetCache& cache);

    const Shoot& shoot() const { return *m_shoot; }
    const std::string& run_id() const { return m_run_id; }
    const std::vector<ShotOutcome>& outcomes() const { return m_outcomes; }
    size_t count(ShotState state) const;
    // What the ledger records as the renderer (the device is known only once the GPU is open).
    void set_renderer(std::string renderer) { m_options.renderer = std::move(renderer); }

    // Delivers every planned shot; `progress` is called after each. A shot the licence refuses at
    // delivery time (its use count reached meanwhile) becomes Refused. Failures of the environment
    // (disk, GPU, ledger) stop the run with an error; what was delivered stays delivered.
    Status render(view::OffscreenRenderer& renderer, const std::function<void(const ShotOutcome&)>& progress);

    // Per stage, the median over the shots delivered in this run (ShotOutcome::stages); the first
    // delivered shot is left out when there are others (it pays the bindings and caches).
    StageTimes median_stages() const;

    nlohmann::json report() const;
    // report.json and the contact sheet in the output folder, each written atomically. The sheet has
    // up to kTilesPerSheet tiles: contact-sheet.png, then contact-sheet-2.png, ... for longer shoots.
    // Thumbnails are made from the delivered files one at a time, so memory stays flat.
    static constexpr size_t kTilesPerSheet = 40;
    Status write_outputs();

private:
    ShootRun() = default;
    Status recover();
    std::filesystem::path record_dir() const { return m_options.record_dir.empty() ? m_options.out_dir : m_options.record_dir; }
    Status deliver(ShotOutcome& outcome, TwinShot& shot, view::OffscreenRenderer& renderer);

    const Shoot* m_shoot = nullptr;
    ShootRunOptions m_options;
    const consent::TrustStore* m_trust = nullptr;
    consent::Ledger* m_ledger = nullptr;
    std::string m_run_id;
    bool m_new_run = true;
    int m_rows_committed = 0;
    std::vector<ShotOutcome> m_outcomes;
    std::vector<std::optional<TwinShot>> m_shots;  // prepared, per outcome (in-shard shots)
};

}  // namespace twinshoot::studio
