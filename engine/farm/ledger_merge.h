// `twinshoot ledger merge`: folding a farm's shard ledgers into the main ledger (docs/farm.md).
//
// Each shard ledger is checked first, and nothing is merged unless all pass: its hash chain holds;
// it carries a shard record (a ledger made by `shoot --slurm`); every row belongs to the record's
// farm and its image is in the record's images folder with the very pixels the row records. Then
// all new rows go into the main ledger in one transaction (consent::Ledger::adopt), shard by shard in
// seq order, each keeping its shard row hash as its origin: a row merged before is skipped; a shot
// already recorded for the farm from another row, a licence the farm holds no reservation for, or one
// use more than it reserved refuses the whole merge, naming the row.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "consent/ledger.h"

namespace twinshoot::farm {

struct ShardMerge {
    std::filesystem::path ledger;
    std::string farm_id;
    uint32_t shard = 0, shards = 0;
    int64_t rows = 0;  // in the shard ledger
};

struct MergeResult {
    std::vector<ShardMerge> shards;
    int64_t added = 0;  // rows new to the main ledger
};

Result<MergeResult> merge_shard_ledgers(const std::vector<std::filesystem::path>& shard_ledgers, consent::Ledger& main);

}  // namespace twinshoot::farm
