#include "farm/farm_record.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/file_io.h"

namespace twinshoot::farm {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path farm_dir(const fs::path& out) { return out / "farm"; }
fs::path farm_file(const fs::path& out) { return farm_dir(out) / "farm.json"; }
fs::path shard_dir(const fs::path& out, uint32_t shard) { return farm_dir(out) / ("shard-" + std::to_string(shard)); }
fs::path shard_ledger_path(const fs::path& out, uint32_t shard) { return shard_dir(out, shard) / "ledger.sqlite"; }
fs::path shard_exit_path(const fs::path& out, uint32_t shard) { return shard_dir(out, shard) / "exit"; }
fs::path shard_log_path(const fs::path& out, uint32_t shard) { return shard_dir(out, shard) / "task.log"; }

Result<std::optional<FarmRecord>> read_farm_record(const fs::path& out) {
    const fs::path file = farm_file(out);
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::optional<FarmRecord>();
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(file));
    const json j = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    auto bad = [&](const std::string& why) { return make_error(ErrorCode::Parse, file.string() + ": not a TwinShoot farm record (" + why + ")"); };
    if (!j.is_object()) return bad("not a JSON object");
    FarmRecord r;
    for (auto [key, field] : {std::pair{"farm_id", &r.farm_id}, std::pair{"shoot", &r.shoot},
                              std::pair{"shoot_sha256", &r.shoot_sha256}, std::pair{"created", &r.created}}) {
        if (!j.contains(key) || !j[key].is_string()) return bad(std::string("no ") + key);
        *field = j[key].get<std::string>();
    }
    if (!j.contains("shards") || !j["shards"].is_number_unsigned() || j["shards"].get<uint64_t>() < 1 ||
        j["shards"].get<uint64_t>() > 9999)
        return bad("shards must be 1..9999");
    r.shards = j["shards"].get<uint32_t>();
    if (!j.contains("ledger") || !j["ledger"].is_string()) return bad("no ledger");
    r.ledger = j["ledger"].get<std::string>();
    for (auto [key, list] : {std::pair{"jobs", &r.jobs}, std::pair{"task_command", &r.task_command}}) {
        if (!j.contains(key) || !j[key].is_array()) return bad(std::string("no ") + key + " list");
        for (const auto& item : j[key]) {
            if (!item.is_string()) return bad(std::string(key) + " holds something that is not a string");
            list->push_back(item.get<std::string>());
        }
    }
    if (r.task_command.empty()) return bad("empty task_command");
    return std::optional<FarmRecord>(std::move(r));
}

Status write_farm_record(const fs::path& out, const FarmRecord& r) { return write_farm_record_file(farm_file(out), r); }

Status write_farm_record_file(const fs::path& file, const FarmRecord& r) {
    const json j = {{"farm_id", r.farm_id}, {"shoot", r.shoot},      {"shoot_sha256", r.shoot_sha256}, {"shards", r.shards},
                    {"ledger", r.ledger.string()}, {"jobs", r.jobs}, {"created", r.created},
                    {"task_command", r.task_command}};
    return write_text_atomic(file, j.dump(2) + "\n");
}

Result<FolderLock> FolderLock::take(const fs::path& file, const std::string& who) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(ErrorCode::Io, file.string() + ": cannot open the lock file: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) return make_error(ErrorCode::Invalid, file.string() + ": " + who + " holds it; not run twice at once");
        return make_error(ErrorCode::Io, file.string() + ": cannot lock: " + std::strerror(err));
    }
    return FolderLock(fd);
}

FolderLock::~FolderLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
}

std::optional<int> shard_exit_status(const fs::path& out, uint32_t shard) {
    auto bytes = read_file(shard_exit_path(out, shard));
    if (!bytes) return std::nullopt;
    const std::string text(bytes->begin(), bytes->end());
    try {
        size_t used = 0;
        const int code = std::stoi(text, &used);
        return code;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace twinshoot::farm
