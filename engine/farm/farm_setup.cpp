#include "farm/farm_setup.h"

#include <map>
#include <random>

#include <nlohmann/json.hpp>

#include "core/file_io.h"

namespace twinshoot::farm {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kElsewhere = "elsewhere";  // the holder of a shard ledger's holds

struct LicenceUse {
    std::optional<int64_t> max_uses;
    int64_t total = 0;
    std::map<uint32_t, int64_t> per_shard;
};

fs::path absolute_or_same(const fs::path& p) {
    std::error_code ec;
    const fs::path a = fs::absolute(p, ec);
    return ec ? p : a.lexically_normal();
}

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
    const json record = {{"farm_id", farm_id},
                         {"shard", k},
                         {"shards", shards},
                         {"images", absolute_or_same(out).string()},
                         {"shoot_sha256", plan.shoot().file_sha256.hex()},
                         {"licences", allowed}};
    TS_TRY(ledger.set_shard_record(record.dump()));
    return studio::write_run_record(dir, plan.shoot(), farm_id, k, shards, shard_ledger_path(absolute_or_same(out), k));
}

}  // namespace

Result<FarmRecord> set_up_farm(const studio::ShootRun& plan, uint32_t shards, consent::Ledger& main, const fs::path& out) {
    assert(shards >= 1);
    const std::string farm_id = plan.run_id();
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
    TS_TRY_ASSIGN(const auto seen, main.reserve(farm_id, holds));

    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) {
        (void)main.release(farm_id);
        return make_error(ErrorCode::Io, out.string() + ": cannot create the output folder: " + ec.message());
    }
    const fs::path building = out / (".farm.tmp-" + farm_id);
    auto build = [&]() -> Status {
        fs::remove_all(building, ec);
        fs::create_directories(building, ec);
        if (ec) return make_error(ErrorCode::Io, building.string() + ": cannot create: " + ec.message());
        for (uint32_t k = 1; k <= shards; ++k) TS_TRY(set_up_shard(plan, farm_id, k, shards, licences, seen, out, building));
        TS_TRY(studio::write_run_record(out, plan.shoot(), farm_id, 1, 1, main.path()));
        std::error_code rename_ec;
        fs::rename(building, farm_dir(out), rename_ec);
        if (rename_ec) return make_error(ErrorCode::Io, farm_dir(out).string() + ": cannot create: " + rename_ec.message());
        return {};
    };
    if (Status built = build(); !built) {
        fs::remove_all(building, ec);
        fs::remove(out / "run.json", ec);
        (void)main.release(farm_id);
        return built.error();
    }
    FarmRecord record{.farm_id = farm_id, .shoot = plan.shoot().name, .shoot_sha256 = plan.shoot().file_sha256.hex(),
                      .shards = shards, .ledger = absolute_or_same(main.path()), .jobs = {},
                      .created = consent::utc_timestamp_now()};
    TS_TRY(write_farm_record(out, record));
    return record;
}

}  // namespace twinshoot::farm
