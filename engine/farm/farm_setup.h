// Setting a farm up before any task runs (docs/farm.md), from a plan of the whole shoot made by the
// coordinator (studio::ShootRun::plan over shard 1/1, into OUT, against the main ledger):
//
// 1. reserve: in one main-ledger transaction, the farm holds, per licence, as many uses as its shots
//    planned under it (a licence without a limit is named with no count). Every other writer of
//    that ledger now counts them as used; a licence that no longer has them refuses the farm.
// 2. each shard K gets its own ledger, OUT/farm/shard-K/ledger.sqlite, holding for each limited
//    licence every use K may not make: what the main ledger held or had delivered at reservation,
//    plus the other shards' reservations. The policy's max_uses check then stops shard K at its own
//    share, even when all shards run at once on different machines with no shared database.
// 3. the shard ledger's record: farm id, shard, images folder, the licences it may use and the
//    shots the coordinator planned for it (a shard task renders no other), then each shard's
//    run.json (run id = farm id) and OUT/farm/farm.json.
//
// All of it is built in OUT/.farm.tmp-<farm id>, renamed to OUT/farm as the last step: a farm
// exists whole or not at all. On failure the holds are released; a temporary folder left by a
// crash is found by the next set-up in OUT, which releases its holds and removes it. OUT/run.json
// (shard 1/1, the main ledger, run id = farm id) is written after the rename, and again by
// ensure_run_record when a crash lost it.
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "consent/ledger.h"
#include "farm/farm_record.h"
#include "studio/shoot_run.h"

namespace twinshoot::farm {

Result<FarmRecord> set_up_farm(const studio::ShootRun& plan, uint32_t shards, consent::Ledger& main,
                               const std::filesystem::path& out, const std::vector<std::string>& task_command);

// OUT/run.json for the farm's whole run, written if missing.
Status ensure_run_record(const std::filesystem::path& out, const FarmRecord& record, const studio::Shoot& shoot);

// The shots the coordinator planned for the shard whose ledger this is (its shard record).
Result<std::set<std::string>> shard_planned_shots(consent::Ledger& shard_ledger);

}  // namespace twinshoot::farm
