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
// 3. the shard ledger's record (farm id, shard, images folder, licences it may use), each shard's
//    run.json (run id = farm id), OUT/run.json (shard 1/1, the main ledger) and OUT/farm/farm.json.
//
// Built in a temporary folder renamed to OUT/farm at the end; on failure the holds are released and
// nothing is left.
#pragma once

#include <filesystem>

#include "consent/ledger.h"
#include "farm/farm_record.h"
#include "studio/shoot_run.h"

namespace twinshoot::farm {

Result<FarmRecord> set_up_farm(const studio::ShootRun& plan, uint32_t shards, consent::Ledger& main,
                               const std::filesystem::path& out);

}  // namespace twinshoot::farm
