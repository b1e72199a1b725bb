#include "asset/model_cache.h"

#include <cstring>

#include "asset/confined_folder.h"
#include "asset/model_codec.h"
#include "core/file_io.h"
#include "core/mapped_file.h"

namespace twinshoot::asset {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'T', 'S', 'C', 'A', 'C', 'H', 'E', '\n'};

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    const size_t at = out.size();
    out.resize(at + 4);
    std::memcpy(out.data() + at, &v, 4);
}

}  // namespace

std::vector<uint8_t> encode_cache_entry(const CacheEntry& entry) {
    std::vector<uint8_t> out(8);
    std::memcpy(out.data(), kMagic, 8);
    put_u32(out, uint32_t(entry.dependencies.size()));
    for (const auto& d : entry.dependencies) {
        put_u32(out, uint32_t(d.file.size()));
        out.insert(out.end(), d.file.begin(), d.file.end());
        out.insert(out.end(), d.sha256.bytes.begin(), d.sha256.bytes.end());
    }
    const std::vector<uint8_t> model = encode_model(entry.model);
    out.insert(out.end(), model.begin(), model.end());
    return out;
}

Result<CacheEntry> decode_cache_entry(std::span<const uint8_t> bytes, const std::string& what, const ImportLimits& limits) {
    auto truncated = [&] { return make_error(ErrorCode::Parse, what + ": truncated cache entry"); };
    if (bytes.size() < 12) return truncated();
    if (std::memcmp(bytes.data(), kMagic, 8) != 0) return make_error(ErrorCode::Parse, what + ": not a model cache entry");
    size_t at = 8;
    auto u32 = [&](uint32_t& v) {
        if (bytes.size() - at < 4) return false;
        std::memcpy(&v, bytes.data() + at, 4);
        at += 4;
        return true;
    };
    uint32_t count = 0;
    u32(count);
    if (count > 4096) return make_error(ErrorCode::Parse, what + ": " + std::to_string(count) + " dependencies");
    CacheEntry entry;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t length = 0;
        if (!u32(length) || length > 4096 || bytes.size() - at < uint64_t(length) + 32) return truncated();
        CacheEntry::Dependency d;
        d.file.assign(reinterpret_cast<const char*>(bytes.data() + at), length);
        at += length;
        std::memcpy(d.sha256.bytes.data(), bytes.data() + at, 32);
        at += 32;
        entry.dependencies.push_back(std::move(d));
    }
    TS_TRY_ASSIGN(entry.model, decode_model(bytes.subspan(at), what, limits));
    return entry;
}

fs::path ModelCache::entry_path(const Sha256& key) const { return m_folder / "models" / (key.hex() + ".tsmodel"); }

std::optional<Model> ModelCache::find(const Sha256& key, const fs::path& model_path) const {
    const fs::path file = entry_path(key);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    // Mapped with its pages loaded in one call: entries are written whole and renamed into place.
    auto mapped = MappedFile::open(file);
    if (!mapped) return std::nullopt;
    auto entry = decode_cache_entry(mapped->bytes(), file.string());
    if (!entry) return std::nullopt;
    auto folder = ConfinedFolder::open(model_path);
    if (!folder) return std::nullopt;
    for (const auto& d : entry->dependencies) {
        auto data = folder->read(d.file, kDefaultImportLimits.max_file_bytes);
        if (!data || !(sha256(std::span<const uint8_t>(*data)) == d.sha256)) return std::nullopt;
    }
    return std::move(entry->model);
}

Status ModelCache::store(const Sha256& key, const fs::path& model_path, const Model& model) const {
    TS_TRY_ASSIGN(ConfinedFolder folder, ConfinedFolder::open(model_path));
    CacheEntry entry;
    for (const std::string& file : model.dependencies) {
        TS_TRY_ASSIGN(std::vector<uint8_t> data, folder.read(file, kDefaultImportLimits.max_file_bytes));
        entry.dependencies.push_back({file, sha256(std::span<const uint8_t>(data))});
    }
    entry.model = model;
    std::error_code ec;
    fs::create_directories(m_folder / "models", ec);
    if (ec) return make_error(ErrorCode::Io, (m_folder / "models").string() + ": " + ec.message());
    return write_file_atomic(entry_path(key), encode_cache_entry(entry));
}

}  // namespace twinshoot::asset
