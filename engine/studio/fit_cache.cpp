#include "studio/fit_cache.h"

#include <algorithm>
#include <cstring>

#include "core/cache_folder.h"
#include "core/mapped_file.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'T', 'S', 'F', 'I', 'T', '\0', '\0', '\1'};
constexpr size_t kHeader = sizeof(kMagic) + 32 + 4;  // magic, key, garment count
constexpr char kExtension[] = ".tsfit";

void put(std::vector<uint8_t>& out, const void* data, size_t size) {
    const size_t at = out.size();
    out.resize(at + size);
    std::memcpy(out.data() + at, data, size);
}

}  // namespace

Sha256 FitCache::key(const scene::Dressing& dressing, std::span<const glm::mat4> skin) {
    return Sha256Hasher().value(dressing.fingerprint()).value(uint64_t(skin.size())).values<glm::mat4>(skin).finish();
}

std::vector<uint8_t> encode_fit_entry(const Sha256& key, const scene::PosedDressing& posed) {
    size_t size = kHeader + 32;
    for (const asset::Mesh& m : posed.garments) size += 4 + m.vertices.size() * sizeof(asset::Vertex);
    std::vector<uint8_t> out;
    out.reserve(size);
    put(out, kMagic, sizeof(kMagic));
    put(out, key.bytes.data(), 32);
    const uint32_t count = uint32_t(posed.garments.size());
    put(out, &count, 4);
    for (const asset::Mesh& m : posed.garments) {
        const uint32_t n = uint32_t(m.vertices.size());
        put(out, &n, 4);
    }
    for (const asset::Mesh& m : posed.garments) put(out, m.vertices.data(), m.vertices.size() * sizeof(asset::Vertex));
    const Sha256 check = sha256(std::span<const uint8_t>(out));
    put(out, check.bytes.data(), 32);
    return out;
}

std::optional<std::vector<std::vector<asset::Vertex>>> decode_fit_entry(std::span<const uint8_t> bytes, const Sha256& key,
                                                                       std::span<const size_t> vertex_counts) {
    size_t size = kHeader + 32;
    for (size_t n : vertex_counts) size += 4 + n * sizeof(asset::Vertex);
    if (bytes.size() != size || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0 ||
        std::memcmp(bytes.data() + sizeof(kMagic), key.bytes.data(), 32) != 0)
        return std::nullopt;
    size_t at = sizeof(kMagic) + 32;
    uint32_t count = 0;
    std::memcpy(&count, bytes.data() + at, 4);
    at += 4;
    if (count != vertex_counts.size()) return std::nullopt;
    for (size_t n : vertex_counts) {
        uint32_t stored = 0;
        std::memcpy(&stored, bytes.data() + at, 4);
        at += 4;
        if (stored != n) return std::nullopt;
    }
    const std::span<const uint8_t> body = bytes.first(bytes.size() - 32);
    if (std::memcmp(sha256(body).bytes.data(), bytes.data() + body.size(), 32) != 0) return std::nullopt;
    std::vector<std::vector<asset::Vertex>> out;
    out.reserve(vertex_counts.size());
    for (size_t n : vertex_counts) {
        std::vector<asset::Vertex>& vertices = out.emplace_back(n);
        std::memcpy(vertices.data(), bytes.data() + at, n * sizeof(asset::Vertex));
        at += n * sizeof(asset::Vertex);
    }
    return out;
}

fs::path FitCache::entry_path(const Sha256& key) const { return m_folder / (key.hex() + kExtension); }

std::optional<scene::PosedDressing> FitCache::find(const Sha256& key, const scene::Dressing& dressing) const {
    const fs::path file = entry_path(key);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    auto mapped = MappedFile::open(file);  // entries are written whole and renamed into place
    if (!mapped) return std::nullopt;
    std::vector<size_t> counts;
    for (const auto& g : dressing.garments()) counts.push_back(g->garment.mesh.vertices.size());
    auto vertices = decode_fit_entry(mapped->bytes(), key, counts);
    if (!vertices) return std::nullopt;
    mark_cache_entry_used(file);
    scene::PosedDressing out;
    for (size_t i = 0; i < vertices->size(); ++i) out.garments.push_back(dressing.posed_garment(i, std::move((*vertices)[i])));
    return out;
}

Status FitCache::store(const Sha256& key, const scene::PosedDressing& posed) const {
    return store_cache_entry(m_folder, entry_path(key), encode_fit_entry(key, posed), m_max_bytes);
}

}  // namespace twinshoot::studio
