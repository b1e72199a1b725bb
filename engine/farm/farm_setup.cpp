#include "farm/farm_setup.h"

#include <map>

#include <nlohmann/json.hpp>

#include "core/file_io.h"

namespace twinshoot::farm {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kElsewhere = "elsewhere";  // the holder of a shard ledger's holds
constexpr const char* kBuilding = ".farm.tmp-";  // + farm id: a farm being set up

struct LicenceUse {
    std::optional<int64_t> max_uses;
    int64_t total = 0;
    std::map<uint32_t, int64_t> per_shard;
};


Status set_up_shard(const studio::ShootRun& plan, const std::string& farm_id, uint32_t k, uint32_t shards,
                    const std::map<std::string, LicenceUse>& licences, const std::map<std::string, int64_t>& seen,
                    const fs::path& out, const fs::path& building) {
    const fs::path dir = building / ("shard-" + std::to_string(k));
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return make_error(ErrorCode::Io, dir.string() + ": cannot create: " + ec.message());
    TS_TRY_ASSIGN(consent::Ledger ledger, consent::Ledger::open(dir / "ledger.sqlite"));
    std::vector<consent::Hold> holds;
    json allowed = json::object();
    for (const auto& [id, use] : licences) {
        const auto mine = use.per_shard.find(k);
        const int64_t own = mine == use.per_shard.end() ? 0 : mine->second;
        if (use.max_uses) {
            holds.push_back({id, seen.at(id) + use.total - own, std::nullopt});
            allowed[id] = own;
        } else {
            allowed[id] = nullptr;
        }
    }
    if (auto held = ledger.reserve(kElsewhere, holds); !held) return held.error();
    json shots = json::array();
    for (const studio::ShotOutcome& o : plan.outcomes())
        if (o.state == studio::ShotState::Planned && studio::in_shard(o.index, k, shards))
            shots.push_back(plan.shoot().shots[o.index].id);
    const json record = {{"farm_id", farm_id},
                         {"shard", k},
                         {"shards", shards},
                         {"images", absolute_or_same(out).string()},
                         {"shoot_sha256", plan.shoot().file_sha256.hex()},
                         {"licences", allowed},
                         {"shots", shots}};
    TS_TRY(ledger.set_shard_record(record.dump()));
    return studio::write_run_record(dir, plan.shoot(), farm_id, k, shards, shard_ledger_path(absolute_or_same(out), k));
}

// A set-up that crashed left its temporary folder and its holds: give both back.
void clear_interrupted_set_ups(const fs::path& out, consent::Ledger& main) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(out, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(kBuilding)) continue;
        (void)main.release(name.substr(std::string(kBuilding).size()));
        fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

Result<FarmRecord> set_up_farm(const studio::ShootRun& plan, uint32_t shards, consent::Ledger& main, const fs::path& out,
                               const std::vector<std::string>& task_command) {
    assert(shards >= 1 && !task_command.empty());
    const std::string farm_id = plan.run_id();
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) return make_error(ErrorCode::Io, out.string() + ": cannot create the output folder: " + ec.message());
    clear_interrupted_set_ups(out, main);

    std::map<std::string, LicenceUse> licences;
    for (const studio::ShotOutcome& o : plan.outcomes()) {
        if (o.state != studio::ShotState::Planned) continue;
        LicenceUse& use = licences[o.licence_id];
        use.max_uses = o.licence_max_uses;
        ++use.total;
        ++use.per_shard[uint32_t(o.index % shards) + 1];
    }
    std::vector<consent::Hold> holds;
    for (const auto& [id, use] : licences)
        holds.push_back({id, use.max_uses ? std::optional<int64_t>(use.total) : std::nullopt, use.max_uses});
    // The temporary folder first: if the process dies after the reservation, the next set-up finds
    // it and releases the holds.
    const fs::path building = out / (kBuilding + farm_id);
    fs::create_directories(building, ec);
    if (ec) return make_error(ErrorCode::Io, building.string() + ": cannot create: " + ec.message());
    auto seen = main.reserve(farm_id, holds);
    if (!seen) {
        fs::remove_all(building, ec);
        return seen.error();
    }
    FarmRecord record{.farm_id = farm_id, .shoot = plan.shoot().name, .shoot_sha256 = plan.shoot().file_sha256.hex(),
                      .shards = shards, .ledger = absolute_or_same(main.path()), .jobs = {},
                      .created = consent::utc_timestamp_now(), .task_command = task_command};
    // Everything inside the temporary folder, farm.json last; the rename makes the whole farm appear.
    Status built = [&]() -> Status {
        for (uint32_t k = 1; k <= shards; ++k) TS_TRY(set_up_shard(plan, farm_id, k, shards, licences, *seen, out, building));
        TS_TRY(write_farm_record_file(building / "farm.json", record));
        std::error_code rename_ec;
        fs::rename(building, farm_dir(out), rename_ec);
        if (rename_ec) return make_error(ErrorCode::Io, farm_dir(out).string() + ": cannot create: " + rename_ec.message());
        return {};
    }();
    if (!built) {
        fs::remove_all(building, ec);
        (void)main.release(farm_id);
        return built.error();
    }
    TS_TRY(ensure_run_record(out, record, plan.shoot()));
    return record;
}

Status ensure_run_record(const fs::path& out, const FarmRecord& record, const studio::Shoot& shoot) {
    std::error_code ec;
    if (fs::exists(out / "run.json", ec)) return {};
    return studio::write_run_record(out, shoot, record.farm_id, 1, 1, record.ledger);
}

Result<std::set<std::string>> shard_planned_shots(consent::Ledger& shard_ledger) {
    const std::string source = shard_ledger.path().string();
    TS_TRY_ASSIGN(const std::optional<std::string> text, shard_ledger.shard_record());
    if (!text) return make_error(ErrorCode::Invalid, source + ": not a shard ledger (no shard record)");
    const json j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("shots") || !j["shots"].is_array())
        return make_error(ErrorCode::Parse, source + ": its shard record names no shots");
    std::set<std::string> shots;
    for (const auto& s : j["shots"]) {
        if (!s.is_string()) return make_error(ErrorCode::Parse, source + ": its shard record names a shot that is not a string");
        shots.insert(s.get<std::string>());
    }
    return shots;
}

}  // namespace twinshoot::farm
