#include "consent/ledger.h"

#include <sqlite3.h>

#include <cstdlib>
#include <ctime>
#include <limits>

#include <nlohmann/json.hpp>

#include "consent/canonical_json.h"

namespace twinshoot::consent {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS deliveries (
    seq          INTEGER PRIMARY KEY,
    time         TEXT NOT NULL,
    twin         TEXT NOT NULL,
    licence_id   TEXT NOT NULL,
    licence_hash TEXT NOT NULL,
    brand        TEXT NOT NULL,
    use          TEXT NOT NULL,
    territories  TEXT NOT NULL,
    shoot        TEXT NOT NULL,
    run_id       TEXT NOT NULL,
    shot_id      TEXT NOT NULL,
    garments     TEXT NOT NULL,
    pose         TEXT NOT NULL,
    image_sha256 TEXT NOT NULL,
    fee_minor    INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    renderer     TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    row_hash     TEXT NOT NULL,
    origin       TEXT NOT NULL DEFAULT '',
    UNIQUE (run_id, shot_id)
);
CREATE INDEX IF NOT EXISTS deliveries_by_licence ON deliveries (licence_id);
CREATE INDEX IF NOT EXISTS deliveries_by_twin ON deliveries (twin);
CREATE INDEX IF NOT EXISTS deliveries_by_row_hash ON deliveries (row_hash);
CREATE TABLE IF NOT EXISTS holds (
    holder     TEXT NOT NULL,
    licence_id TEXT NOT NULL,
    uses       INTEGER,
    PRIMARY KEY (holder, licence_id)
);
CREATE TABLE IF NOT EXISTS shard_record (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    doc TEXT NOT NULL
);
)sql";

// Ledgers made before farms existed have no origin column: it is added on the first writable open.
constexpr const char* kOriginIndex = "CREATE INDEX IF NOT EXISTS deliveries_by_origin ON deliveries (origin);";

constexpr const char* kColumns =
    "seq, time, twin, licence_id, licence_hash, brand, use, territories, shoot, run_id, shot_id, garments, pose, "
    "image_sha256, fee_minor, currency, renderer, prev_hash, row_hash, origin";
// The same for a read-only ledger made before the origin column.
constexpr const char* kColumnsWithoutOrigin =
    "seq, time, twin, licence_id, licence_hash, brand, use, territories, shoot, run_id, shot_id, garments, pose, "
    "image_sha256, fee_minor, currency, renderer, prev_hash, row_hash, '' AS origin";

// A prepared statement, finalised on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt* get() { return m_stmt; }
    void bind(int i, const std::string& text) { sqlite3_bind_text(m_stmt, i, text.c_str(), int(text.size()), SQLITE_TRANSIENT); }
    void bind(int i, int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    int step() { return sqlite3_step(m_stmt); }
    std::string text(int i) {
        const unsigned char* t = sqlite3_column_text(m_stmt, i);
        return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    }
    int64_t integer(int i) { return sqlite3_column_int64(m_stmt, i); }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_ERROR;
};

std::string json_list(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> list_from_json(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& e : j)
        if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

Sha256 hash_or_zero(const std::string& hex) { return parse_sha256_hex(hex).value_or(Sha256{}); }

// Reads a row in kColumns order (origin last). Stored hashes that do not parse read as zeros; verify() reports them.
LedgerRow read_row(Statement& s) {
    LedgerRow r;
    r.seq = s.integer(0);
    Delivery& d = r.delivery;
    d.time = s.text(1);
    d.twin_id = s.text(2);
    d.licence_id = s.text(3);
    d.licence_hash = hash_or_zero(s.text(4));
    d.brand = s.text(5);
    d.use = s.text(6);
    d.territories = list_from_json(s.text(7));
    d.shoot = s.text(8);
    d.run_id = s.text(9);
    d.shot_id = s.text(10);
    d.garments = list_from_json(s.text(11));
    d.pose = s.text(12);
    d.image_sha256 = hash_or_zero(s.text(13));
    d.fee.minor = s.integer(14);
    d.fee.currency = s.text(15);
    d.renderer = s.text(16);
    r.prev_hash = hash_or_zero(s.text(17));
    r.row_hash = hash_or_zero(s.text(18));
    if (const std::string origin = s.text(19); !origin.empty()) r.origin = hash_or_zero(origin);
    return r;
}

// Rolls back an open transaction unless disarmed.
struct Rollback {
    sqlite3* db;
    bool armed = true;
    ~Rollback() {
        if (armed) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
};

bool table_has_column(sqlite3* db, const char* table, const char* column) {
    Statement s(db, (std::string("PRAGMA table_info(") + table + ")").c_str());
    if (!s.ok()) return false;
    while (s.step() == SQLITE_ROW)
        if (s.text(1) == column) return true;
    return false;
}

}  // namespace

Sha256 compute_row_hash(const LedgerRow& row) {
    const Delivery& d = row.delivery;
    nlohmann::json j = {
        {"seq", row.seq},           {"time", d.time},
        {"twin", d.twin_id},        {"licence_id", d.licence_id},
        {"licence_hash", d.licence_hash.hex()}, {"brand", d.brand},
        {"use", d.use},             {"territories", d.territories},
        {"shoot", d.shoot},         {"run_id", d.run_id},
        {"shot_id", d.shot_id},     {"garments", d.garments},
        {"pose", d.pose},           {"image_sha256", d.image_sha256.hex()},
        {"fee_minor", d.fee.minor}, {"currency", d.fee.currency},
        {"renderer", d.renderer},   {"prev_hash", row.prev_hash.hex()},
    };
    if (row.origin) j["origin"] = row.origin->hex();
    return sha256("twinshoot-ledger-v1\n" + canonical_json(j));
}

Sha256 image_pixels_sha256(uint32_t width, uint32_t height, std::span<const uint8_t> rgba) {
    std::vector<uint8_t> header;
    const std::string tag = "twinshoot-pixels-v1\n";
    header.assign(tag.begin(), tag.end());
    for (uint32_t v : {width, height})
        for (int shift = 0; shift < 32; shift += 8) header.push_back(uint8_t(v >> shift));
    std::vector<uint8_t> all = header;
    all.insert(all.end(), rgba.begin(), rgba.end());
    return sha256(std::span<const uint8_t>(all));
}

std::string utc_timestamp_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

fs::path Ledger::default_path() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return fs::path(data) / "twinshoot" / "ledger.sqlite";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "twinshoot" / "ledger.sqlite";
}

Ledger::Ledger(Ledger&& other) noexcept
    : m_path(std::move(other.m_path)), m_db(other.m_db), m_has_origin(other.m_has_origin), m_has_holds(other.m_has_holds),
      m_has_shard_record(other.m_has_shard_record) {
    other.m_db = nullptr;
}
Ledger& Ledger::operator=(Ledger&& other) noexcept {
    if (this != &other) {
        sqlite3_close(m_db);
        m_path = std::move(other.m_path);
        m_db = other.m_db;
        m_has_origin = other.m_has_origin;
        m_has_holds = other.m_has_holds;
        m_has_shard_record = other.m_has_shard_record;
        other.m_db = nullptr;
    }
    return *this;
}
Ledger::~Ledger() { sqlite3_close(m_db); }

Error Ledger::error(const std::string& what) const {
    return make_error(ErrorCode::Io, m_path.string() + ": ledger: " + what + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database"));
}

Result<Ledger> Ledger::open(const fs::path& path) { return open_with(path, false); }

namespace {

// Whether reading `db` (opened read-only) needs a write first: a journal left by a writer that
// stopped mid-transaction (SQLITE_READONLY_ROLLBACK) or a WAL index to rebuild (…_RECOVERY).
bool unfinished_write(sqlite3* db) {
    const int rc = sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return false;
    const int extended = sqlite3_extended_errcode(db);
    return extended == SQLITE_READONLY_ROLLBACK || extended == SQLITE_READONLY_RECOVERY;
}

}  // namespace

Result<Ledger> Ledger::open_read_only(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return make_error(ErrorCode::Io, path.string() + ": no ledger here (file not found)");
    return open_with(path, true);
}

Result<Ledger> Ledger::open_with(const fs::path& path, bool read_only) {
    std::error_code ec;
    if (!read_only && !path.parent_path().empty()) fs::create_directories(path.parent_path(), ec);
    if (ec) return make_error(ErrorCode::Io, path.string() + ": cannot create its folder: " + ec.message());
    Ledger ledger(path);
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &ledger.m_db, flags, nullptr) != SQLITE_OK) return ledger.error("cannot open");
    sqlite3_busy_timeout(ledger.m_db, 30000);
    if (read_only && unfinished_write(ledger.m_db)) {
        // A process stopped while recording (killed, a cancelled farm task) left a hot journal:
        // the unfinished write must be rolled back before anyone reads, and only a connection that
        // may write can do that. Rolling it back restores the last committed rows, as the next
        // writer would; nothing committed changes. Then read as asked.
        sqlite3* writer = nullptr;
        const int rc = sqlite3_open_v2(path.c_str(), &writer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(writer, 30000);
            sqlite3_exec(writer, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        }
        sqlite3_close(writer);
        sqlite3_close(ledger.m_db);
        ledger.m_db = nullptr;
        if (sqlite3_open_v2(path.c_str(), &ledger.m_db, flags, nullptr) != SQLITE_OK) return ledger.error("cannot open");
        sqlite3_busy_timeout(ledger.m_db, 30000);
        if (unfinished_write(ledger.m_db))
            return make_error(ErrorCode::Io, path.string() + ": left mid-write by a process that stopped (a hot journal), and "
                                                             "it cannot be rolled back without write access to the ledger and its folder");
    }
    // Is it ours? An existing database must hold the deliveries table (or nothing at all).
    {
        Statement s(ledger.m_db, "SELECT name FROM sqlite_master WHERE type = 'table'");
        if (!s.ok()) return make_error(ErrorCode::Parse, path.string() + ": not a TwinShoot ledger (" + sqlite3_errmsg(ledger.m_db) + ")");
        bool any = false, ours = false;
        int rc;
        while ((rc = s.step()) == SQLITE_ROW) {
            any = true;
            ours = ours || s.text(0) == "deliveries";
        }
        if (rc != SQLITE_DONE)
            return make_error(ErrorCode::Parse, path.string() + ": not a TwinShoot ledger (" + sqlite3_errmsg(ledger.m_db) + ")");
        if (any && !ours) return make_error(ErrorCode::Parse, path.string() + ": not a TwinShoot ledger (no deliveries table)");
        if (read_only && !ours) return make_error(ErrorCode::Parse, path.string() + ": not a TwinShoot ledger (empty)");
    }
    if (read_only) {
        ledger.m_has_origin = table_has_column(ledger.m_db, "deliveries", "origin");
        ledger.m_has_holds = table_has_column(ledger.m_db, "holds", "uses");
        ledger.m_has_shard_record = table_has_column(ledger.m_db, "shard_record", "doc");
        return ledger;
    }
    char* message = nullptr;
    const std::string setup = std::string("PRAGMA synchronous = FULL;") + kSchema;
    if (sqlite3_exec(ledger.m_db, setup.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string reason = message ? message : "unknown";
        sqlite3_free(message);
        return make_error(ErrorCode::Io, path.string() + ": ledger: cannot set up: " + reason);
    }
    // A ledger from before farms gets its origin column, once, even with several processes opening it.
    if (!table_has_column(ledger.m_db, "deliveries", "origin")) {
        if (sqlite3_exec(ledger.m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return ledger.error("begin");
        Rollback rollback{ledger.m_db};
        if (!table_has_column(ledger.m_db, "deliveries", "origin") &&
            sqlite3_exec(ledger.m_db, "ALTER TABLE deliveries ADD COLUMN origin TEXT NOT NULL DEFAULT ''", nullptr, nullptr,
                         nullptr) != SQLITE_OK)
            return ledger.error("cannot add the origin column");
        if (sqlite3_exec(ledger.m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return ledger.error("commit");
        rollback.armed = false;
    }
    if (sqlite3_exec(ledger.m_db, kOriginIndex, nullptr, nullptr, nullptr) != SQLITE_OK) return ledger.error("cannot index origins");
    // WAL for a ledger on a local disk; a farm's shard ledger may sit on a network file system,
    // where WAL's shared memory does not work: it keeps SQLite's rollback journal.
    TS_TRY_ASSIGN(const std::optional<std::string> record, ledger.shard_record());
    const char* journal = record ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
    if (sqlite3_exec(ledger.m_db, journal, nullptr, nullptr, nullptr) != SQLITE_OK) return ledger.error("cannot set the journal mode");
    return ledger;
}

const char* Ledger::columns() const { return m_has_origin ? kColumns : kColumnsWithoutOrigin; }

Result<int64_t> Ledger::uses(const std::string& licence_id, const std::string& except_holder) {
    Statement s(m_db, "SELECT COUNT(*) FROM deliveries WHERE licence_id = ?");
    if (!s.ok()) return error("count uses");
    s.bind(1, licence_id);
    if (s.step() != SQLITE_ROW) return error("count uses");
    int64_t used = s.integer(0);
    if (!m_has_holds) return used;
    Statement h(m_db, "SELECT COALESCE(SUM(uses), 0) FROM holds WHERE licence_id = ? AND holder <> ?");
    if (!h.ok()) return error("count held uses");
    h.bind(1, licence_id);
    h.bind(2, except_holder);
    if (h.step() != SQLITE_ROW) return error("count held uses");
    return used + h.integer(0);
}

Result<std::map<std::string, int64_t>> Ledger::reserve(const std::string& holder, const std::vector<Hold>& holds) {
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return error("begin");
    Rollback rollback{m_db};
    std::map<std::string, int64_t> seen;
    for (const Hold& hold : holds) {
        TS_TRY_ASSIGN(const int64_t used, uses(hold.licence_id));
        seen[hold.licence_id] = used;
        if (hold.uses && hold.max_uses) {
            if (used + *hold.uses > *hold.max_uses)
                return make_error(ErrorCode::Refused,
                                  m_path.string() + ": licence " + hold.licence_id + " allows " + std::to_string(*hold.max_uses) +
                                      " images; " + std::to_string(used) + " are delivered or reserved, and " +
                                      std::to_string(*hold.uses) + " more cannot be reserved for " + holder);
        }
        Statement insert(m_db, "INSERT INTO holds (holder, licence_id, uses) VALUES (?, ?, ?)");
        if (!insert.ok()) return error("prepare hold");
        insert.bind(1, holder);
        insert.bind(2, hold.licence_id);
        if (hold.uses) insert.bind(3, *hold.uses);
        if (insert.step() != SQLITE_DONE) return error("hold uses of licence " + hold.licence_id + " for " + holder);
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return error("commit");
    rollback.armed = false;
    return seen;
}

Result<std::map<std::string, std::optional<int64_t>>> Ledger::holds(const std::string& holder) {
    std::map<std::string, std::optional<int64_t>> out;
    if (!m_has_holds) return out;
    Statement s(m_db, "SELECT licence_id, uses FROM holds WHERE holder = ?");
    if (!s.ok()) return error("read holds");
    s.bind(1, holder);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
        out[s.text(0)] = sqlite3_column_type(s.get(), 1) == SQLITE_NULL ? std::optional<int64_t>() : s.integer(1);
    if (rc != SQLITE_DONE) return error("read holds");
    return out;
}

Status Ledger::release(const std::string& holder) {
    Statement s(m_db, "DELETE FROM holds WHERE holder = ?");
    if (!s.ok()) return error("release holds");
    s.bind(1, holder);
    if (s.step() != SQLITE_DONE) return error("release the holds of " + holder);
    return {};
}

Result<int64_t> Ledger::adopt(const std::vector<ShardRows>& shards) {
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return error("begin");
    Rollback rollback{m_db};
    int64_t added = 0;
    for (const ShardRows& shard : shards)
    for (const LedgerRow& r : shard.rows) {
        const std::string& source = shard.source;
        const std::string& holder = shard.holder;
        const Delivery& d = r.delivery;
        const std::string where = source + ": row " + std::to_string(r.seq) + " (shot '" + d.shot_id + "')";
        {
            Statement known(m_db, "SELECT seq FROM deliveries WHERE origin = ?");
            if (!known.ok()) return error("look up origins");
            known.bind(1, r.row_hash.hex());
            const int rc = known.step();
            if (rc == SQLITE_ROW) continue;  // adopted before
            if (rc != SQLITE_DONE) return error("look up origins");
        }
        {
            Statement twin(m_db, "SELECT seq FROM deliveries WHERE run_id = ? AND shot_id = ?");
            if (!twin.ok()) return error("look up shots");
            twin.bind(1, d.run_id);
            twin.bind(2, d.shot_id);
            const int rc = twin.step();
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) return error("look up shots");
            if (rc == SQLITE_ROW)
                return make_error(ErrorCode::Invalid, where + ": run " + d.run_id + " already recorded this shot (row " +
                                                          std::to_string(twin.integer(0)) + " of " + m_path.string() +
                                                          "): a duplicate delivery");
        }
        Statement hold(m_db, "SELECT uses FROM holds WHERE holder = ? AND licence_id = ?");
        if (!hold.ok()) return error("read holds");
        hold.bind(1, holder);
        hold.bind(2, d.licence_id);
        const int held = hold.step();
        if (held != SQLITE_ROW && held != SQLITE_DONE) return error("read holds");
        if (held != SQLITE_ROW)
            return make_error(ErrorCode::Refused, where + ": licence " + d.licence_id + " holds no reservation of farm " + holder +
                                                      " in " + m_path.string() + " (released, or never reserved here)");
        if (sqlite3_column_type(hold.get(), 0) != SQLITE_NULL) {
            if (hold.integer(0) <= 0)
                return make_error(ErrorCode::Refused, where + ": one use of licence " + d.licence_id + " more than farm " + holder +
                                                          " reserved: merging it would exceed the licence's uses");
            Statement take(m_db, "UPDATE holds SET uses = uses - 1 WHERE holder = ? AND licence_id = ?");
            if (!take.ok()) return error("take a held use");
            take.bind(1, holder);
            take.bind(2, d.licence_id);
            if (take.step() != SQLITE_DONE) return error("take a held use");
        }
        if (auto inserted = insert_next(d, r.row_hash); !inserted) return inserted.error();
        ++added;
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return error("commit");
    rollback.armed = false;
    return added;
}

Status Ledger::set_shard_record(const std::string& json_text) {
    Statement s(m_db, "INSERT INTO shard_record (id, doc) VALUES (1, ?)");
    if (!s.ok()) return error("prepare the shard record");
    s.bind(1, json_text);
    if (s.step() != SQLITE_DONE) return error("write the shard record");
    if (sqlite3_exec(m_db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return error("cannot set the journal mode");
    return {};
}

Result<std::optional<std::string>> Ledger::shard_record() {
    if (!m_has_shard_record) return std::optional<std::string>();
    Statement s(m_db, "SELECT doc FROM shard_record WHERE id = 1");
    if (!s.ok()) return error("read the shard record");
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(s.text(0));
    if (rc != SQLITE_DONE) return error("read the shard record");
    return std::optional<std::string>();
}

Result<LedgerRow> Ledger::append(const Delivery& delivery, const std::function<Status(int64_t)>& recheck,
                                 const std::function<Status(const LedgerRow&)>& before_commit) {
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return error("begin");
    Rollback rollback{m_db};
    TS_TRY_ASSIGN(const int64_t used, uses(delivery.licence_id));
    TS_TRY(recheck(used));
    TS_TRY_ASSIGN(LedgerRow row, insert_next(delivery, std::nullopt));
    TS_TRY(before_commit(row));
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return error("commit");
    rollback.armed = false;
    return row;
}

// Inside an open transaction: the next row after the last one, hashed and inserted.
Result<LedgerRow> Ledger::insert_next(const Delivery& delivery, const std::optional<Sha256>& origin) {
    LedgerRow row;
    row.delivery = delivery;
    row.origin = origin;
    {
        Statement last(m_db, "SELECT seq, row_hash FROM deliveries ORDER BY seq DESC LIMIT 1");
        if (!last.ok()) return error("read the last row");
        const int rc = last.step();
        if (rc == SQLITE_ROW) {
            row.seq = last.integer(0) + 1;
            row.prev_hash = hash_or_zero(last.text(1));
        } else if (rc == SQLITE_DONE) {
            row.seq = 1;
        } else {
            return error("read the last row");
        }
    }
    row.row_hash = compute_row_hash(row);
    Statement insert(m_db, "INSERT INTO deliveries (seq, time, twin, licence_id, licence_hash, brand, use, territories, "
                           "shoot, run_id, shot_id, garments, pose, image_sha256, fee_minor, currency, renderer, "
                           "prev_hash, row_hash, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert.ok()) return error("prepare insert");
    const Delivery& d = delivery;
    insert.bind(1, row.seq);
    insert.bind(2, d.time);
    insert.bind(3, d.twin_id);
    insert.bind(4, d.licence_id);
    insert.bind(5, d.licence_hash.hex());
    insert.bind(6, d.brand);
    insert.bind(7, d.use);
    insert.bind(8, json_list(d.territories));
    insert.bind(9, d.shoot);
    insert.bind(10, d.run_id);
    insert.bind(11, d.shot_id);
    insert.bind(12, json_list(d.garments));
    insert.bind(13, d.pose);
    insert.bind(14, d.image_sha256.hex());
    insert.bind(15, d.fee.minor);
    insert.bind(16, d.fee.currency);
    insert.bind(17, d.renderer);
    insert.bind(18, row.prev_hash.hex());
    insert.bind(19, row.row_hash.hex());
    insert.bind(20, origin ? origin->hex() : std::string());
    if (insert.step() != SQLITE_DONE) return error("record shot '" + d.shot_id + "'");
    return row;
}

Result<int64_t> Ledger::row_count() {
    Statement s(m_db, "SELECT COUNT(*) FROM deliveries");
    if (!s.ok() || s.step() != SQLITE_ROW) return error("count rows");
    return s.integer(0);
}

Result<std::vector<LedgerRow>> Ledger::rows() {
    Statement s(m_db, (std::string("SELECT ") + columns() + " FROM deliveries ORDER BY seq").c_str());
    if (!s.ok()) return error("read rows");
    std::vector<LedgerRow> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_row(s));
    if (rc != SQLITE_DONE) return error("read rows");
    return out;
}

Result<std::vector<LedgerRow>> Ledger::rows_of_run(const std::string& run_id) {
    Statement s(m_db, (std::string("SELECT ") + columns() + " FROM deliveries WHERE run_id = ? ORDER BY seq").c_str());
    if (!s.ok()) return error("read rows");
    s.bind(1, run_id);
    std::vector<LedgerRow> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back(read_row(s));
    if (rc != SQLITE_DONE) return error("read rows");
    return out;
}

Result<std::optional<LedgerRow>> Ledger::find(const Sha256& row_hash) {
    const char* where = m_has_origin ? " FROM deliveries WHERE row_hash = ?1 OR origin = ?1" : " FROM deliveries WHERE row_hash = ?1";
    Statement s(m_db, (std::string("SELECT ") + columns() + where).c_str());
    if (!s.ok()) return error("find row");
    s.bind(1, row_hash.hex());
    const int rc = s.step();
    if (rc == SQLITE_ROW) return std::optional<LedgerRow>(read_row(s));
    if (rc != SQLITE_DONE) return error("find row");
    return std::optional<LedgerRow>();
}

Result<LedgerCheck> Ledger::verify() {
    Statement s(m_db, (std::string("SELECT ") + columns() + " FROM deliveries ORDER BY rowid").c_str());
    if (!s.ok()) return error("read rows");
    LedgerCheck check;
    int rc;
    int64_t expected_seq = 1;
    bool after_the_last_number = false;  // a row came with the largest number a row can have
    while ((rc = s.step()) == SQLITE_ROW) {
        const LedgerRow row = read_row(s);
        ++check.rows;
        auto bad = [&](std::string why) {
            if (!check.bad_seq) {
                check.bad_seq = row.seq;
                check.problem = "row " + std::to_string(row.seq) + " (shot '" + row.delivery.shot_id + "' of shoot '" +
                                row.delivery.shoot + "'): " + why;
            }
        };
        if (after_the_last_number)
            bad("follows the row with the largest possible number");
        else if (row.seq != expected_seq)
            bad(row.seq > expected_seq ? "rows " + std::to_string(expected_seq) + ".." + std::to_string(row.seq - 1) +
                                             " are missing (deleted)"
                                       : "out of order (expected row " + std::to_string(expected_seq) + " here)");
        else if (row.prev_hash != check.head)
            bad("does not follow the row before it (its previous-row hash differs: a row was deleted, replaced or moved)");
        else if (compute_row_hash(row) != row.row_hash)
            bad("its content does not match its hash (edited after it was recorded)");
        check.head = row.row_hash;
        // A forged file can hold the largest number a row can have: nothing may follow it, and what
        // should is not computed (it would overflow).
        after_the_last_number = row.seq == std::numeric_limits<int64_t>::max();
        if (!after_the_last_number) expected_seq = row.seq + 1;
    }
    if (rc != SQLITE_DONE) return error("read rows");
    return check;
}

Result<std::vector<UsageLine>> Ledger::usage(const std::string& twin_id, std::optional<Date> from, std::optional<Date> to) {
    Statement s(m_db, "SELECT brand, use, currency, COUNT(*), SUM(fee_minor) FROM deliveries "
                      "WHERE twin = ?1 AND substr(time, 1, 10) >= ?2 AND substr(time, 1, 10) <= ?3 "
                      "GROUP BY brand, use, currency ORDER BY brand, use, currency");
    if (!s.ok()) return error("report");
    s.bind(1, twin_id);
    s.bind(2, from ? from->str() : std::string("0000-00-00"));
    s.bind(3, to ? to->str() : std::string("9999-99-99"));
    std::vector<UsageLine> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) out.push_back({s.text(0), s.text(1), s.text(2), s.integer(3), s.integer(4)});
    if (rc != SQLITE_DONE) return error("report");
    return out;
}

}  // namespace twinshoot::consent
