#include "farm/ledger_merge.h"

#include <nlohmann/json.hpp>

#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace twinshoot::farm {
namespace fs = std::filesystem;

namespace {

struct ShardRecord {
    std::string farm_id;
    uint32_t shard = 0, shards = 0;
    fs::path images;
};

Result<ShardRecord> read_record(consent::Ledger& ledger) {
    const std::string source = ledger.path().string();
    TS_TRY_ASSIGN(const std::optional<std::string> text, ledger.shard_record());
    if (!text)
        return make_error(ErrorCode::Invalid, source + ": not a shard ledger (it has no shard record; only the ledgers a "
                                                       "farm made, OUT/farm/shard-K/ledger.sqlite, merge)");
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("farm_id") || !j["farm_id"].is_string() || !j.contains("images") ||
        !j["images"].is_string() || !j.contains("shard") || !j["shard"].is_number_unsigned() || !j.contains("shards") ||
        !j["shards"].is_number_unsigned())
        return make_error(ErrorCode::Parse, source + ": its shard record is damaged");
    return ShardRecord{j["farm_id"].get<std::string>(), j["shard"].get<uint32_t>(), j["shards"].get<uint32_t>(),
                       fs::path(j["images"].get<std::string>())};
}

Status check_image(const consent::LedgerRow& row, const fs::path& images, const std::string& source) {
    const std::string where = source + ": row " + std::to_string(row.seq) + " (shot '" + row.delivery.shot_id + "')";
    const std::string& shot = row.delivery.shot_id;
    if (shot.empty() || shot.find('/') != std::string::npos || shot == "." || shot == "..")
        return make_error(ErrorCode::Invalid, where + ": not a shot id");
    const fs::path file = images / (shot + ".png");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return make_error(ErrorCode::Invalid, where + ": its image " + file.string() + " is missing");
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(file));
    auto image = asset::decode_image(bytes, file.string());
    if (!image) return make_error(ErrorCode::Invalid, where + ": its image cannot be read: " + image.error().message);
    if (consent::image_pixels_sha256(image->width, image->height, image->pixels) != row.delivery.image_sha256)
        return make_error(ErrorCode::Invalid, where + ": " + file.string() + " does not hold the pixels the row records");
    return {};
}

}  // namespace

Result<MergeResult> merge_shard_ledgers(const std::vector<fs::path>& shard_ledgers, consent::Ledger& main) {
    MergeResult result;
    std::vector<consent::ShardRows> all;
    for (const fs::path& path : shard_ledgers) {
        TS_TRY_ASSIGN(consent::Ledger shard, consent::Ledger::open_read_only(path));
        const std::string source = path.string();
        TS_TRY_ASSIGN(const consent::LedgerCheck check, shard.verify());
        if (!check.ok())
            return make_error(ErrorCode::Invalid, source + ": the shard's hash chain is broken at " + check.problem +
                                                      "; nothing merged");
        TS_TRY_ASSIGN(const ShardRecord record, read_record(shard));
        TS_TRY_ASSIGN(std::vector<consent::LedgerRow> rows, shard.rows());
        for (const consent::LedgerRow& row : rows) {
            if (row.delivery.run_id != record.farm_id)
                return make_error(ErrorCode::Invalid, source + ": row " + std::to_string(row.seq) + " is of run " +
                                                          row.delivery.run_id + ", not of farm " + record.farm_id);
            TS_TRY_ASSIGN(const std::optional<consent::LedgerRow> merged, main.find(row.row_hash));
            if (merged && merged->origin == row.row_hash) continue;  // merged before: adopt() skips it
            TS_TRY(check_image(row, record.images, source));
        }
        result.shards.push_back({path, record.farm_id, record.shard, record.shards, int64_t(rows.size())});
        all.push_back({source, record.farm_id, std::move(rows)});
    }
    TS_TRY_ASSIGN(result.added, main.adopt(all));
    return result;
}

}  // namespace twinshoot::farm
