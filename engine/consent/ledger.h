// The usage ledger: one row per delivered image, in SQLite, hash-chained so that an edited, deleted
// or reordered row is detected.
//
// Each row records who was shown, under which licence, for whom and where, which image (the SHA-256
// of its pixels, see image_pixels_sha256) and what it earned; `prev_hash` is the row hash of the row
// before it (64 zeros for the first) and `row_hash` = SHA-256("twinshoot-ledger-v1\n" + canonical
// JSON of every other field, seq and prev_hash included). verify() recomputes the chain from the
// first row and names the first row that breaks it. A chain cannot show that rows were cut off its
// END: the delivered images (their XMP names their row hash) and each shoot's report.json are the
// outside record that catches a truncated tail (docs/shoots.md).
//
// append() runs in one IMMEDIATE transaction (the database's single writer lock): it counts the
// licence's uses, lets the caller re-check the licence against that count, computes the row and its
// hash, lets the caller make the image durable with that hash in it, and only then commits. If any
// step fails, nothing is recorded. The database runs in WAL mode with synchronous=FULL: a committed
// row survives a crash or power loss. Several processes may append to one ledger; SQLite serialises them.
//
// Farms (docs/farm.md). A shoot split over machines keeps one ledger per shard and folds them into
// the main ledger afterwards (adopt, farm/ledger_merge.h). Three things make that exact:
// - holds: uses of a licence held outside this ledger's rows, counted by uses() as if delivered. In
//   the main ledger a farm holds the uses it reserved for its shards (reserve(), released by adopt()
//   row by row and by release()); in a shard ledger a hold stands for every use the shard may not
//   make, so that the policy's own max_uses check stops the shard at its reservation.
// - origin: a merged row keeps the hash of the shard row it came from (the images' XMP names that
//   hash); it enters the row hash only when set, so rows recorded directly hash as before.
// - the shard record: a JSON document a shard ledger carries (farm id, shard, images folder, which
//   licences and shots it may use), written by the farm before any task runs. A ledger with a shard
//   record keeps SQLite's rollback journal instead of WAL: it may live on a network file system.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "consent/date.h"
#include "consent/licence.h"
#include "core/result.h"
#include "core/sha256.h"

struct sqlite3;

namespace twinshoot::consent {

struct Delivery {
    std::string time;  // UTC, "2026-11-24T08:40:12Z"
    std::string twin_id;
    std::string licence_id;
    Sha256 licence_hash;
    std::string brand;
    std::string use;
    std::vector<std::string> territories;
    std::string shoot;
    std::string run_id;   // one run of a shoot into one folder (studio/shoot_run.h)
    std::string shot_id;
    std::vector<std::string> garments;  // "garment-id:colourway", inner layer first
    std::string pose;
    Sha256 image_sha256;
    Money fee;
    std::string renderer;  // "twinshoot 0.1.0 (device name)"
};

struct LedgerRow {
    int64_t seq = 0;  // 1, 2, 3, ...
    Delivery delivery;
    Sha256 prev_hash;
    Sha256 row_hash;
    std::optional<Sha256> origin;  // merged rows: the row hash in the shard ledger it came from
};

// Rows of one shard ledger to adopt (Ledger::adopt): `source` names it in errors, `holder` is its farm.
struct ShardRows {
    std::string source;
    std::string holder;
    std::vector<LedgerRow> rows;
};

// A farm's reservation of one licence's uses (reserve()). `uses` empty: the licence has no limit and
// nothing is counted, but its rows are still only adopted from farms that named it.
struct Hold {
    std::string licence_id;
    std::optional<int64_t> uses;
    std::optional<int64_t> max_uses;  // the licence's limit, checked against uses() + uses at reserve time
};

// The row hash a row should have (what verify() compares with the stored one).
Sha256 compute_row_hash(const LedgerRow& row);

struct LedgerCheck {
    int64_t rows = 0;
    Sha256 head;                      // row hash of the last row (zeros when empty)
    std::optional<int64_t> bad_seq;   // the first row that breaks the chain
    std::string problem;              // why, for people; empty when the chain holds
    bool ok() const { return !bad_seq; }
};

struct UsageLine {  // a royalty statement line
    std::string brand;
    std::string use;
    std::string currency;
    int64_t images = 0;
    int64_t fee_minor = 0;
};

class Ledger {
public:
    // Opens (creating if missing, with its folder) the ledger at `path`. A file that is not a
    // TwinShoot ledger is an error naming it.
    static Result<Ledger> open(const std::filesystem::path& path);
    // Opens an existing ledger for reading only (verify, reports, inspect, dry runs); writes fail.
    // A ledger left mid-write by a process that stopped (a hot journal) is first rolled back to its
    // last committed rows, as its next writer would; that needs write access to it once.
    static Result<Ledger> open_read_only(const std::filesystem::path& path);
    // ${XDG_DATA_HOME:-~/.local/share}/twinshoot/ledger.sqlite
    static std::filesystem::path default_path();

    Ledger(Ledger&&) noexcept;
    Ledger& operator=(Ledger&&) noexcept;
    ~Ledger();

    const std::filesystem::path& path() const { return m_path; }

    // Rows recorded under the licence plus uses held for it (by every holder but `except_holder`).
    Result<int64_t> uses(const std::string& licence_id, const std::string& except_holder = "");
    Result<LedgerRow> append(const Delivery& delivery, const std::function<Status(int64_t uses_so_far)>& recheck,
                             const std::function<Status(const LedgerRow&)>& before_commit);

    // Holds, all in one transaction: each licence's uses() plus the new hold must stay within its
    // max_uses, else ErrorCode::Refused naming the licence and nothing is held. A holder holds each
    // licence at most once. Returns each licence's uses() as the transaction saw them, before the hold.
    Result<std::map<std::string, int64_t>> reserve(const std::string& holder, const std::vector<Hold>& holds);
    // What `holder` holds now, per licence (empty optional: named without a count).
    Result<std::map<std::string, std::optional<int64_t>>> holds(const std::string& holder);
    Status release(const std::string& holder);

    // Appends rows recorded in shard ledgers, shard by shard in order, in one transaction, each with its
    // origin set to its shard row hash and a new seq and prev_hash here. A row whose origin is already here is
    // skipped (adopting twice adds nothing). Each adopted row must be covered by a hold of `holder`
    // on its licence, and a counted hold goes down by one per row. Refused (ErrorCode::Refused or
    // Invalid, naming the row; nothing adopted): no hold for the licence, a hold used up, or a row
    // whose (run, shot) is already recorded from another origin. Returns how many rows were added.
    Result<int64_t> adopt(const std::vector<ShardRows>& shards);

    // The shard record (see above): set once on a new shard ledger, read back by the merge.
    Status set_shard_record(const std::string& json_text);
    Result<std::optional<std::string>> shard_record();

    Result<std::vector<LedgerRow>> rows();                                // in seq order
    Result<int64_t> row_count();
    Result<std::vector<LedgerRow>> rows_of_run(const std::string& run_id);
    // The row with this row hash, or the merged row whose origin it is (an image delivered by a farm
    // shard names its shard row).
    Result<std::optional<LedgerRow>> find(const Sha256& row_hash);
    Result<LedgerCheck> verify();
    // Uses of `twin_id` between the dates (inclusive, by the row's UTC date), per brand, use and currency.
    Result<std::vector<UsageLine>> usage(const std::string& twin_id, std::optional<Date> from, std::optional<Date> to);

private:
    explicit Ledger(std::filesystem::path path) : m_path(std::move(path)) {}
    static Result<Ledger> open_with(const std::filesystem::path& path, bool read_only);
    Error error(const std::string& what) const;
    Result<LedgerRow> insert_next(const Delivery& delivery, const std::optional<Sha256>& origin);

    const char* columns() const;

    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    bool m_has_origin = true;        // false only for a read-only ledger older than farms
    bool m_has_holds = true;
    bool m_has_shard_record = true;
};

// SHA-256 of an image's pixels as delivered: "twinshoot-pixels-v1\n", width and height as 32-bit
// little-endian, then the RGBA8 rows top to bottom. Independent of PNG encoding and metadata, so
// the ledger and the file's own provenance can name each other.
Sha256 image_pixels_sha256(uint32_t width, uint32_t height, std::span<const uint8_t> rgba);

// "2026-11-24T08:40:12Z"
std::string utc_timestamp_now();

}  // namespace twinshoot::consent
