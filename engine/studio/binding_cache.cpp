#include "studio/binding_cache.h"

#include <cstring>

#include "core/cache_folder.h"
#include "core/mapped_file.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'T', 'S', 'B', 'I', 'N', 'D', '\0', '\1'};
constexpr char kExtension[] = ".tsbind";

struct Writer {
    std::vector<uint8_t> out;
    void bytes(const void* data, size_t size) {
        const size_t at = out.size();
        out.resize(at + size);
        if (size) std::memcpy(out.data() + at, data, size);
    }
    void u32(uint32_t v) { bytes(&v, 4); }
    template <typename T>
    void array(const std::vector<T>& v) {
        u32(uint32_t(v.size()));
        bytes(v.data(), v.size() * sizeof(T));
    }
};

struct Reader {
    std::span<const uint8_t> in;
    size_t at = 0;
    bool ok = true;
    void bytes(void* data, size_t size) {
        if (!ok || in.size() - at < size) {
            ok = false;
            return;
        }
        if (size) std::memcpy(data, in.data() + at, size);
        at += size;
    }
    uint32_t u32() {
        uint32_t v = 0;
        bytes(&v, 4);
        return v;
    }
    template <typename T>
    void array(std::vector<T>& v) {
        const uint32_t n = u32();
        if (!ok || uint64_t(n) * sizeof(T) > in.size() - at) {
            ok = false;
            return;
        }
        v.resize(n);
        bytes(v.data(), size_t(n) * sizeof(T));
    }
};

}  // namespace

std::vector<uint8_t> encode_binding_entry(const Sha256& key, const scene::BoundGarment& bound) {
    const asset::Mesh& mesh = bound.garment.mesh;
    Writer w;
    w.bytes(kMagic, sizeof kMagic);
    w.bytes(key.bytes.data(), 32);
    w.u32(uint32_t(mesh.has_uvs) | uint32_t(mesh.has_tangents) << 1 | uint32_t(mesh.normals_generated) << 2);
    w.array(mesh.vertices);
    w.array(mesh.skin);
    w.array(mesh.indices);
    w.array(bound.anchor);
    w.array(bound.covers);
    const Sha256 check = sha256(std::span<const uint8_t>(w.out));
    w.bytes(check.bytes.data(), 32);
    return std::move(w.out);
}

std::optional<KeptBinding> decode_binding_entry(std::span<const uint8_t> bytes, const Sha256& key) {
    if (bytes.size() < sizeof kMagic + 64 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0 ||
        std::memcmp(bytes.data() + sizeof kMagic, key.bytes.data(), 32) != 0)
        return std::nullopt;
    const std::span<const uint8_t> body = bytes.first(bytes.size() - 32);
    if (std::memcmp(sha256(body).bytes.data(), bytes.data() + body.size(), 32) != 0) return std::nullopt;
    Reader r{body, sizeof kMagic + 32};
    KeptBinding kept;
    const uint32_t flags = r.u32();
    kept.mesh.has_uvs = flags & 1;
    kept.mesh.has_tangents = flags & 2;
    kept.mesh.normals_generated = flags & 4;
    r.array(kept.mesh.vertices);
    r.array(kept.mesh.skin);
    r.array(kept.mesh.indices);
    r.array(kept.anchor);
    r.array(kept.covers);
    if (!r.ok || r.at != body.size()) return std::nullopt;
    return kept;
}

fs::path BindingCache::entry_path(const Sha256& key) const { return m_folder / (key.hex() + kExtension); }

std::optional<std::shared_ptr<const scene::BoundGarment>> BindingCache::find(const Sha256& key, const scene::TwinBody& body,
                                                                            const scene::DressedGarment& garment,
                                                                            const scene::DressingOptions& options) const {
    const fs::path file = entry_path(key);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    auto mapped = MappedFile::open(file);  // entries are written whole and renamed into place
    if (!mapped) return std::nullopt;
    std::optional<KeptBinding> kept = decode_binding_entry(mapped->bytes(), key);
    if (!kept) return std::nullopt;
    scene::DressedGarment restored = garment;
    kept->mesh.name = garment.mesh.name;
    kept->mesh.material = garment.mesh.material;
    restored.mesh = std::move(kept->mesh);
    auto bound = scene::restore_binding(body, std::move(restored), std::move(kept->anchor), std::move(kept->covers), options);
    if (!bound) return std::nullopt;
    mark_cache_entry_used(file);
    return std::move(*bound);
}

Status BindingCache::store(const Sha256& key, const scene::BoundGarment& bound) const {
    return store_cache_entry(m_folder, entry_path(key), encode_binding_entry(key, bound), m_max_bytes);
}

}  // namespace twinshoot::studio
