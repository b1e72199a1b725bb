#include "studio/shoot_run.h"

#include <csignal>
#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <system_error>

#include "asset/png_writer.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"
#include "consent/licence.h"
#include "core/stopwatch.h"
#include "studio/contact_sheet.h"
#include "studio/delivery.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kRunFile = "run.json";

fs::path image_path(const fs::path& out, const std::string& id) { return out / (id + ".png"); }
fs::path partial_path(const fs::path& out, const std::string& id) { return partial_path_of(image_path(out, id)); }

std::string shard_text(const ShootRunOptions& o) { return std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count); }



}  // namespace

Status write_run_record(const fs::path& dir, const Shoot& shoot, const std::string& run_id, uint32_t shard_index,
                        uint32_t shard_count, const fs::path& ledger) {
    const json record = {{"run_id", run_id},
                         {"shoot", shoot.name},
                         {"shoot_file", absolute_or_same(shoot.file).string()},
                         {"shoot_sha256", shoot.file_sha256.hex()},
                         {"shard", std::to_string(shard_index) + "/" + std::to_string(shard_count)},
                         {"ledger", absolute_or_same(ledger).string()},
                         {"started", consent::utc_timestamp_now()}};
    return write_text_atomic(dir / kRunFile, record.dump(2) + "\n");
}

bool in_shard(size_t index, uint32_t shard_index, uint32_t shard_count) {
    return shard_count <= 1 || index % shard_count == shard_index - 1;
}

const char* shot_state_name(ShotState state) {
    switch (state) {
        case ShotState::Planned: return "planned";
        case ShotState::Delivered: return "delivered";
        case ShotState::AlreadyDelivered: return "already-delivered";
        case ShotState::Refused: return "refused";
        case ShotState::OtherShard: return "other-shard";
    }
    return "?";
}

size_t ShootRun::count(ShotState state) const {
    size_t n = 0;
    for (const ShotOutcome& o : m_outcomes) n += o.state == state;
    return n;
}

Result<ShootRun> ShootRun::plan(const Shoot& shoot, const ShootRunOptions& options, const consent::TrustStore& trust,
                                consent::Ledger& ledger, AssetCache& cache) {
    assert(options.shard_index >= 1 && options.shard_index <= options.shard_count);
    ShootRun run;
    run.m_shoot = &shoot;
    run.m_options = options;
    run.m_trust = &trust;
    run.m_ledger = &ledger;
    const fs::path& out = options.out_dir;
    const fs::path run_file = run.record_dir() / kRunFile;

    // Which run is this? A folder holds one run of one shoot (one shard of it).
    std::error_code ec;
    if (fs::exists(run_file, ec)) {
        TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(run_file));
        const json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
        if (!j.is_object() || !j.contains("run_id") || !j["run_id"].is_string())
            return make_error(ErrorCode::Parse, run_file.string() + ": not a TwinShoot run record");
        if (!options.resume && !options.dry_run)
            return make_error(ErrorCode::Invalid, out.string() + " already holds a run of shoot '" + j.value("shoot", "?") +
                                                      "': pass --resume to finish it, or choose another folder");
        auto field = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
        if (field("shoot_sha256") != shoot.file_sha256.hex())
            return make_error(ErrorCode::Invalid, run_file.string() + ": that run was of another version of " +
                                                      shoot.file.string() + " (the file changed); render into a new folder");
        if (field("shard") != shard_text(options))
            return make_error(ErrorCode::Invalid, run_file.string() + ": that run was shard " + field("shard") + ", not " +
                                                      shard_text(options));
        if (field("ledger") != absolute_or_same(ledger.path()).string())
            return make_error(ErrorCode::Invalid, run_file.string() + ": that run recorded into the ledger " + field("ledger") +
                                                      ", not " + absolute_or_same(ledger.path()).string());
        run.m_run_id = field("run_id");
        run.m_new_run = false;
    } else {
        run.m_run_id = new_run_id();
        for (size_t i = 0; i < shoot.shots.size(); ++i) {
            if (!in_shard(i, options.shard_index, options.shard_count)) continue;
            const fs::path existing = image_path(out, shoot.shots[i].id);
            if (fs::exists(existing, ec))
                return make_error(ErrorCode::Invalid, existing.string() + ": already exists and is not from a TwinShoot run "
                                                                          "in this folder; choose an empty folder");
        }
    }

    std::map<std::string, int64_t> planned_uses;  // per licence, shots this run will deliver
    std::map<std::string, std::optional<int64_t>> licence_limits;  // per licence, ShotOutcome::licence_max_uses
    std::map<std::string, consent::LedgerRow> rows;
    if (!run.m_new_run) {
        TS_TRY_ASSIGN(std::vector<consent::LedgerRow> run_rows, ledger.rows_of_run(run.m_run_id));
        for (auto& r : run_rows) rows.emplace(r.delivery.shot_id, std::move(r));
    }
    const consent::PolicyEvaluator evaluator(trust);
    for (size_t i = 0; i < shoot.shots.size(); ++i) {
        const ShootShot& s = shoot.shots[i];
        ShotOutcome outcome;
        outcome.index = i;
        if (!in_shard(i, options.shard_index, options.shard_count) || (options.only_shots && !options.only_shots->count(s.id))) {
            outcome.state = ShotState::OtherShard;
            run.m_outcomes.push_back(std::move(outcome));
            run.m_shots.emplace_back();
            continue;
        }
        auto prepared = TwinShot::prepare(shot_spec(shoot, s), cache);
        if (!prepared) return prepared.error().with_context(shoot.file.string() + ": " + s.json_path + " (shot '" + s.id + "')");
        TwinShot& shot = *prepared;
        outcome.stages = shot.times();
        if (auto row = rows.find(s.id); row != rows.end()) {
            outcome.state = ShotState::AlreadyDelivered;
            outcome.row = row->second;
            outcome.licence_id = row->second.delivery.licence_id;
            outcome.fee = row->second.delivery.fee;
            outcome.image = image_path(out, s.id);
        } else {
            Stopwatch decide;
            const std::string licence_id = shot.licence_id();
            TS_TRY_ASSIGN(const int64_t used, ledger.uses(licence_id, options.holder));
            shot.request().uses_made = used + planned_uses[licence_id];
            const consent::Decision decision = evaluator.evaluate(shot.licence(), shot.request());
            outcome.licence_id = licence_id;
            auto limit = licence_limits.find(licence_id);
            if (limit == licence_limits.end()) {  // once per licence, not per shot
                std::optional<int64_t> largest;
                if (auto licence = consent::parse_licence(shot.licence(), licence_id))
                    for (const consent::Permission& p : licence->permissions)
                        if (p.max_uses) largest = std::max(largest.value_or(0), *p.max_uses);
                limit = licence_limits.emplace(licence_id, largest).first;
            }
            outcome.licence_max_uses = limit->second;
            if (decision.granted()) {
                outcome.state = ShotState::Planned;
                outcome.fee = decision.grant().fee();
                outcome.disclosure = decision.grant().disclosure_label();
                ++planned_uses[licence_id];
            } else {
                outcome.state = ShotState::Refused;
                outcome.violations = decision.violations();
            }
            outcome.stages.add("decide", decide.ms());
        }
        run.m_outcomes.push_back(std::move(outcome));
        run.m_shots.emplace_back(std::move(shot));
    }
    return run;
}

Status ShootRun::recover() {
    const fs::path& out = m_options.out_dir;
    TS_TRY_ASSIGN(std::vector<consent::LedgerRow> rows, m_ledger->rows_of_run(m_run_id));
    std::map<std::string, const consent::LedgerRow*> by_shot;
    for (const auto& r : rows) by_shot.emplace(r.delivery.shot_id, &r);
    std::error_code ec;
    // Rows whose image did not reach its final name: finish the rename from the durable partial.
    for (const auto& r : rows) {
        const fs::path final_path = image_path(out, r.delivery.shot_id);
        if (fs::exists(final_path, ec)) continue;
        const fs::path partial = partial_path(out, r.delivery.shot_id);
        if (!fs::exists(partial, ec))
            return make_error(ErrorCode::Io, final_path.string() + ": ledger row " + std::to_string(r.seq) +
                                                 " records this image but it is gone (and no partial file is left)");
        TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(partial));
        TS_TRY_ASSIGN(asset::ImageRgba8 image, asset::decode_image(bytes, partial.string()));
        if (consent::image_pixels_sha256(image.width, image.height, image.pixels) != r.delivery.image_sha256)
            return make_error(ErrorCode::Io, partial.string() + ": does not hold the image ledger row " +
                                                 std::to_string(r.seq) + " records");
        TS_TRY(rename_durably(partial, final_path));
    }
    // Partials without a row were never delivered; temporaries of interrupted writes are debris. Only
    // this shard's shots are touched: other shards of a farm may be writing into the same folder.
    std::set<std::string> own;
    for (const ShotOutcome& o : m_outcomes)
        if (o.state != ShotState::OtherShard) own.insert(m_shoot->shots[o.index].id);
    for (const auto& entry : fs::directory_iterator(out, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 12 && name.ends_with(".png.partial")) {
            const std::string shot = name.substr(0, name.size() - 12);
            if (own.count(shot) && !by_shot.count(shot)) fs::remove(entry.path(), ec);
        }
        const size_t tmp = name.rfind(".tmp-");  // ".<shot>.png.tmp-XXXXXX" or ".<shot>.png.partial.tmp-XXXXXX"
        if (name.starts_with(".") && tmp != std::string::npos) {
            std::string target = name.substr(1, tmp - 1);
            if (target.ends_with(".partial")) target.resize(target.size() - 8);
            if (target.ends_with(".png") && own.count(target.substr(0, target.size() - 4))) fs::remove(entry.path(), ec);
            // The run's own files (contact sheets, and the records when they are kept here), when no
            // other shard shares the folder: a kill while they were written leaves their temporary.
            const bool sheet = target.starts_with("contact-sheet") && target.ends_with(".png");
            const bool record = target == "report.json" || target == kRunFile;
            if (m_options.shard_count <= 1 && (sheet || (record && record_dir() == out))) fs::remove(entry.path(), ec);
        }
    }
    const fs::path records = record_dir();
    if (records != out)
        for (const auto& entry : fs::directory_iterator(records, ec))
            if (entry.path().filename().string().starts_with(".") &&
                entry.path().filename().string().find(".tmp-") != std::string::npos)
                fs::remove(entry.path(), ec);
    return {};
}

Status ShootRun::render(view::OffscreenRenderer& renderer, const std::function<void(const ShotOutcome&)>& progress) {
    assert(!m_options.dry_run);
    const fs::path& out = m_options.out_dir;
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) return make_error(ErrorCode::Io, out.string() + ": cannot create the output folder: " + ec.message());
    fs::create_directories(record_dir(), ec);
    if (ec) return make_error(ErrorCode::Io, record_dir().string() + ": cannot create the folder: " + ec.message());
    if (m_new_run) {
        TS_TRY(write_run_record(record_dir(), *m_shoot, m_run_id, m_options.shard_index, m_options.shard_count, m_ledger->path()));
        m_new_run = false;
    }
    TS_TRY(recover());  // a new run has no rows: this only clears debris of an interrupted start
    // While a shot renders, a worker fits the next shot's garments into its binding's memo, which
    // the next shot's dressing then finds there (or waits for). The future's destructor joins the
    // worker before the shots it reads can go away (also on an early return).
    std::future<void> next_fit;
    auto prefit_after = [&](size_t i) {
        for (size_t j = i + 1; j < m_outcomes.size(); ++j) {
            if (m_outcomes[j].state != ShotState::Planned) continue;
            const TwinShot& next = *m_shots[j];
            const BoundGarments* bound = next.bound_garments();
            if (!bound) return;
            // Only a head start: if no thread can be made, or the fit fails on the worker, the
            // shot's own dressing fits it (and reports what fails).
            try {
                next_fit = std::async(std::launch::async, [bound, &next] {
                    try {
                        prefit(*bound, next.staging());
                    } catch (...) {
                    }
                });
            } catch (const std::system_error&) {
            }
            return;
        }
    };
    for (size_t i = 0; i < m_outcomes.size(); ++i) {
        ShotOutcome& outcome = m_outcomes[i];
        if (outcome.state != ShotState::Planned) continue;
        if (next_fit.valid()) next_fit.wait();
        prefit_after(i);
        TS_TRY(deliver(outcome, *m_shots[i], renderer));
        if (progress) progress(outcome);
    }
    return {};
}

Status ShootRun::deliver(ShotOutcome& outcome, TwinShot& shot, view::OffscreenRenderer& renderer) {
    const ShootShot& s = m_shoot->shots[outcome.index];
    Stopwatch timer;
    DeliveryContext context{.shoot = m_shoot->name, .run_id = m_run_id, .shot_id = s.id,
                            .creator_tool = m_options.creator_tool, .renderer = m_options.renderer};
    if (m_options.kill_after_rows > 0)
        context.after_commit = [this] {
            if (++m_rows_committed == m_options.kill_after_rows) ::raise(SIGKILL);
        };
    const fs::path final_path = image_path(m_options.out_dir, s.id);
    std::error_code ec;
    if (fs::exists(final_path, ec))  // only a replaced ledger gets here: this run has no row for it
        return make_error(ErrorCode::Invalid, final_path.string() + ": exists, but the ledger " + m_ledger->path().string() +
                                                  " holds no row of this run for it; not overwritten (was the ledger replaced?)");
    TS_TRY_ASSIGN(DeliveryResult delivered, deliver_shot(shot, *m_trust, *m_ledger, renderer, s.size, context, final_path));
    if (!delivered.delivered) {
        outcome.state = ShotState::Refused;
        outcome.violations = std::move(delivered.violations);
        return {};
    }
    outcome.state = ShotState::Delivered;
    outcome.row = std::move(delivered.row);
    outcome.image = final_path;
    outcome.fee = outcome.row->delivery.fee;
    outcome.disclosure = std::move(delivered.disclosure);
    outcome.render_ms = timer.ms();
    outcome.stages.add(delivered.times);
    return {};
}

StageTimes ShootRun::median_stages() const {
    std::vector<const StageTimes*> delivered;
    for (const ShotOutcome& o : m_outcomes)
        if (o.state == ShotState::Delivered) delivered.push_back(&o.stages);
    if (delivered.size() > 1) delivered.erase(delivered.begin());
    StageTimes medians;
    if (delivered.empty()) return medians;
    for (const auto& [stage, unused] : delivered.back()->stages()) {
        std::vector<double> values;
        for (const StageTimes* t : delivered) values.push_back(t->ms(stage));
        std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
        medians.add(stage, values[values.size() / 2]);
    }
    return medians;
}

json ShootRun::report() const {
    json shots = json::array();
    std::map<std::string, int64_t> totals;
    for (const ShotOutcome& o : m_outcomes) {
        const ShootShot& s = m_shoot->shots[o.index];
        json j = {{"id", s.id}, {"state", shot_state_name(o.state)}, {"twin", s.twin_id}, {"pose", s.pose.empty() ? "rest" : s.pose},
                  {"format", s.format}, {"width", s.size.width}, {"height", s.size.height}, {"use", consent::use_name(s.use)},
                  {"territories", s.territories}};
        json garments = json::array();
        for (const ShootGarment& g : s.garments) garments.push_back(g.id + (g.colourway.empty() ? "" : ":" + g.colourway));
        j["garments"] = garments;
        if (!o.licence_id.empty()) j["licence"] = o.licence_id;
        if (o.row) {
            j["image"] = o.image.filename().string();
            j["image_sha256"] = o.row->delivery.image_sha256.hex();
            j["ledger_seq"] = o.row->seq;
            j["ledger_row_hash"] = o.row->row_hash.hex();
            j["fee"] = o.row->delivery.fee.str();
            totals[o.row->delivery.fee.currency] += o.row->delivery.fee.minor;
        }
        if (o.disclosure) j["disclosure"] = *o.disclosure;
        if (o.render_ms > 0) j["ms"] = std::round(o.render_ms);
        if (o.state == ShotState::Delivered) {
            json stages = json::object();
            for (const auto& [stage, ms] : o.stages.stages()) stages[stage] = std::round(ms * 10.0) / 10.0;
            j["stages_ms"] = stages;
        }
        if (o.state == ShotState::Refused) {
            json reasons = json::array();
            for (const auto& v : o.violations)
                reasons.push_back({{"reason", consent::reason_name(v.reason)}, {"rule", v.rule}, {"sentence", v.sentence}});
            j["reasons"] = reasons;
        }
        shots.push_back(std::move(j));
    }
    json fees = json::object();
    for (const auto& [currency, minor] : totals) fees[currency] = consent::Money{minor, currency}.str();
    json medians = json::object();
    const StageTimes median = median_stages();
    for (const auto& [stage, ms] : median.stages()) medians[stage] = std::round(ms * 10.0) / 10.0;
    return {{"shoot", m_shoot->name},
            {"brand", m_shoot->brand},
            {"date", m_shoot->date.str()},
            {"shoot_file", m_shoot->file.string()},
            {"shoot_sha256", m_shoot->file_sha256.hex()},
            {"run_id", m_run_id},
            {"shard", shard_text(m_options)},
            {"ledger", m_ledger->path().string()},
            {"dry_run", m_options.dry_run},
            {"summary",
             {{"shots", m_shoot->shots.size()},
              {"delivered", count(ShotState::Delivered)},
              {"already_delivered", count(ShotState::AlreadyDelivered)},
              {"refused", count(ShotState::Refused)},
              {"planned", count(ShotState::Planned)},
              {"other_shard", count(ShotState::OtherShard)},
              {"fees", fees}}},
            {"stages_median_ms", medians},
            {"shots", shots}};
}

Status ShootRun::write_outputs() {
    assert(!m_options.dry_run);
    const fs::path& out = m_options.out_dir;
    const std::string text = report().dump(2) + "\n";
    TS_TRY(write_file_atomic(record_dir() / "report.json", std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
    if (!m_options.contact_sheet) return {};

    TS_TRY_ASSIGN(asset::Font font, asset::Font::standard());
    std::vector<const ShotOutcome*> shown;
    for (const ShotOutcome& o : m_outcomes)
        if (o.state != ShotState::OtherShard) shown.push_back(&o);
    const size_t pages = std::max<size_t>(1, (shown.size() + kTilesPerSheet - 1) / kTilesPerSheet);
    for (size_t page = 0; page < pages; ++page) {
        std::vector<ContactTile> tiles;
        for (size_t i = page * kTilesPerSheet; i < std::min(shown.size(), (page + 1) * kTilesPerSheet); ++i) {
            const ShotOutcome& o = *shown[i];
            const ShootShot& s = m_shoot->shots[o.index];
            ContactTile tile;
            tile.title = s.id;
            tile.caption = s.twin_id + " · " + (s.pose.empty() ? "rest" : s.pose) + " · " + s.format;
            if (o.state == ShotState::Delivered || o.state == ShotState::AlreadyDelivered) {
                auto bytes = read_file(o.image);
                auto image = bytes ? asset::decode_image(*bytes, o.image.string()) : Result<asset::ImageRgba8>(bytes.error());
                if (image) tile.image = thumbnail(*image, 240, 300);
                else tile.note = "image unreadable: " + image.error().message;
            } else if (o.state == ShotState::Refused) {
                tile.note = "REFUSED by the licence:";
                for (size_t k = 0; k < o.violations.size(); ++k) tile.note += (k ? "; " : " ") + o.violations[k].sentence;
            } else {
                tile.note = "not rendered (the run stopped before it)";
            }
            tiles.push_back(std::move(tile));
        }
        std::string title = m_shoot->name + " — " + m_shoot->brand + " — " +
                            std::to_string(count(ShotState::Delivered) + count(ShotState::AlreadyDelivered)) + " delivered, " +
                            std::to_string(count(ShotState::Refused)) + " refused";
        if (pages > 1) title += " — sheet " + std::to_string(page + 1) + " of " + std::to_string(pages);
        const asset::ImageRgba8 sheet = make_contact_sheet(title, tiles, font);
        const std::string name = page == 0 ? "contact-sheet.png" : "contact-sheet-" + std::to_string(page + 1) + ".png";
        TS_TRY(asset::write_png(out / name, sheet));
    }
    return {};
}

}  // namespace twinshoot::studio
