#include "asset/model_codec.h"

#include <cstring>
#include <iterator>
#include <type_traits>

#include "core/page_populate.h"
#include "asset/png_chunks.h"

namespace twinshoot::asset {
namespace {

constexpr char kMagic[8] = {'T', 'S', 'M', 'O', 'D', 'E', 'L', '\n'};
constexpr size_t kHeader = kModelCodecHeaderBytes;  // magic, version, flags, length, CRC-32, zeros

class Writer {
public:
    template <typename T>
    void pod(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const uint8_t*>(&value);
        bytes.insert(bytes.end(), p, p + sizeof(T));
    }
    void count(size_t n) { pod(uint32_t(n)); }
    void string(const std::string& s) {
        count(s.size());
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    template <typename T>
    void array(const std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        count(v.size());
        const auto* p = reinterpret_cast<const uint8_t*>(v.data());
        bytes.insert(bytes.end(), p, p + v.size() * sizeof(T));
    }
    void strings(const std::vector<std::string>& v) {
        count(v.size());
        for (const auto& s : v) string(s);
    }
    std::vector<uint8_t> bytes;
};

// The header in front of `payload`: magic, version, flags, length, CRC-32, zeros.
void write_header(uint8_t* out, std::span<const uint8_t> payload) {
    const uint32_t version = kModelCodecVersion, flags = 0, crc = crc32(payload), zero = 0;
    const uint64_t length = payload.size();
    std::memcpy(out, kMagic, 8);
    std::memcpy(out + 8, &version, 4);
    std::memcpy(out + 12, &flags, 4);
    std::memcpy(out + 16, &length, 8);
    std::memcpy(out + 24, &crc, 4);
    std::memcpy(out + 28, &zero, 4);
}

// Reads T values from bytes with no alignment (memcpy per element): vector::insert from a pair of
// these allocates once and copies each element once, with no zero-fill first.
template <typename T>
class UnalignedIterator {
public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = T;
    explicit UnalignedIterator(const uint8_t* at) : m_at(at) {}
    T operator*() const {
        T value;
        std::memcpy(&value, m_at, sizeof(T));
        return value;
    }
    UnalignedIterator& operator++() { m_at += sizeof(T); return *this; }
    UnalignedIterator operator++(int) { auto old = *this; ++*this; return old; }
    UnalignedIterator& operator--() { m_at -= sizeof(T); return *this; }
    UnalignedIterator& operator-=(difference_type n) { m_at -= n * difference_type(sizeof(T)); return *this; }
    UnalignedIterator& operator+=(difference_type n) { m_at += n * difference_type(sizeof(T)); return *this; }
    UnalignedIterator operator+(difference_type n) const { auto it = *this; return it += n; }
    difference_type operator-(const UnalignedIterator& o) const { return (m_at - o.m_at) / difference_type(sizeof(T)); }
    T operator[](difference_type n) const { return *(*this + n); }
    bool operator==(const UnalignedIterator& o) const { return m_at == o.m_at; }
    bool operator!=(const UnalignedIterator& o) const { return m_at != o.m_at; }
    bool operator<(const UnalignedIterator& o) const { return m_at < o.m_at; }

private:
    const uint8_t* m_at;
};

class Reader {
public:
    Reader(std::span<const uint8_t> bytes, const std::string& what) : m_bytes(bytes), m_what(what) {}

    template <typename T>
    Result<T> pod() {
        static_assert(std::is_trivially_copyable_v<T>);
        if (left() < sizeof(T)) return truncated();
        T value;
        std::memcpy(&value, m_bytes.data() + m_at, sizeof(T));
        m_at += sizeof(T);
        return value;
    }
    // A count of elements each at least `min_size` bytes, no more than `limit`.
    Result<uint32_t> count(size_t min_size, uint64_t limit, const char* of) {
        TS_TRY_ASSIGN(uint32_t n, pod<uint32_t>());
        if (n > limit) return make_error(ErrorCode::Unsupported, m_what + ": " + std::to_string(n) + " " + of + ", over the limit of " + std::to_string(limit));
        if (uint64_t(n) * min_size > left()) return truncated();
        return n;
    }
    Result<std::string> string() {
        TS_TRY_ASSIGN(uint32_t n, count(1, 1u << 20, "bytes in a name"));
        std::string s(reinterpret_cast<const char*>(m_bytes.data() + m_at), n);
        m_at += n;
        return s;
    }
    template <typename T>
    Result<std::vector<T>> array(uint64_t limit, const char* of) {
        TS_TRY_ASSIGN(uint32_t n, count(sizeof(T), limit, of));
        std::vector<T> v;
        v.reserve(n);
        populate_for_write(v.data(), size_t(n) * sizeof(T));  // one call instead of a fault per page
        const UnalignedIterator<T> first(m_bytes.data() + m_at);
        v.insert(v.end(), first, first + n);
        m_at += size_t(n) * sizeof(T);
        return v;
    }
    Result<std::vector<std::string>> strings(uint64_t limit, const char* of) {
        TS_TRY_ASSIGN(uint32_t n, count(4, limit, of));
        std::vector<std::string> v;
        v.reserve(n);
        for (uint32_t i = 0; i < n; ++i) {
            TS_TRY_ASSIGN(std::string s, string());
            v.push_back(std::move(s));
        }
        return v;
    }
    Error invalid(const std::string& why) const { return make_error(ErrorCode::Parse, m_what + ": " + why); }
    size_t left() const { return m_bytes.size() - m_at; }

private:
    Error truncated() const { return make_error(ErrorCode::Parse, m_what + ": truncated at byte " + std::to_string(m_at)); }

    std::span<const uint8_t> m_bytes;
    size_t m_at = 0;
    const std::string& m_what;
};

struct SlotBits {
    int32_t image;
    uint8_t wrap_u, wrap_v, pad[2];
};

void put_slot(Writer& w, const TextureSlot& s) { w.pod(SlotBits{s.image, uint8_t(s.wrap_u), uint8_t(s.wrap_v), {0, 0}}); }

Result<TextureSlot> get_slot(Reader& r, size_t images) {
    TS_TRY_ASSIGN(SlotBits bits, r.pod<SlotBits>());
    if (bits.image < -1 || (bits.image >= 0 && size_t(bits.image) >= images)) return r.invalid("texture index out of range");
    if (bits.wrap_u > 2 || bits.wrap_v > 2) return r.invalid("unknown wrap mode");
    return TextureSlot{bits.image, WrapMode(bits.wrap_u), WrapMode(bits.wrap_v)};
}

template <typename T>
void put_keys(Writer& w, const std::vector<Key<T>>& keys) {
    w.count(keys.size());
    for (const auto& k : keys) {
        w.pod(k.time);
        w.pod(k.value);
    }
}

template <typename T>
Result<std::vector<Key<T>>> get_keys(Reader& r, uint64_t& budget) {
    TS_TRY_ASSIGN(uint32_t n, r.count(sizeof(double) + sizeof(T), budget, "animation keys"));
    budget -= n;
    std::vector<Key<T>> keys(n);
    for (auto& k : keys) {
        TS_TRY_ASSIGN(k.time, r.pod<double>());
        TS_TRY_ASSIGN(k.value, r.pod<T>());
    }
    return keys;
}

Result<Model> decode_payload(Reader& r, const ImportLimits& limits) {
    Model m;
    TS_TRY_ASSIGN(m.source, r.string());
    TS_TRY_ASSIGN(m.twin_id, r.string());
    TS_TRY_ASSIGN(m.trimmed_influence_vertices, r.pod<uint32_t>());
    TS_TRY_ASSIGN(m.warnings, r.strings(1u << 16, "warnings"));
    TS_TRY_ASSIGN(m.dependencies, r.strings(1u << 16, "dependencies"));

    TS_TRY_ASSIGN(uint32_t images, r.count(12, limits.max_images, "images"));
    for (uint32_t i = 0; i < images; ++i) {
        ImageRgba8 image;
        TS_TRY_ASSIGN(image.width, r.pod<uint32_t>());
        TS_TRY_ASSIGN(image.height, r.pod<uint32_t>());
        if (image.width > limits.max_image_side || image.height > limits.max_image_side ||
            uint64_t(image.width) * image.height > limits.max_image_texels)
            return r.invalid("image " + std::to_string(i) + " is over the size limit");
        TS_TRY_ASSIGN(image.pixels, r.array<uint8_t>(limits.max_image_texels * 4, "image bytes"));
        if (image.pixels.size() != size_t(image.width) * image.height * 4) return r.invalid("image " + std::to_string(i) + " has the wrong byte count");
        m.images.push_back(std::move(image));
    }
    TS_TRY_ASSIGN(m.image_names, r.strings(limits.max_images, "image names"));
    if (m.image_names.size() != m.images.size()) return r.invalid("image names do not match images");

    TS_TRY_ASSIGN(uint32_t materials, r.count(64, limits.max_meshes, "materials"));
    for (uint32_t i = 0; i < materials; ++i) {
        Material mat;
        TS_TRY_ASSIGN(mat.name, r.string());
        TS_TRY_ASSIGN(mat.base_color, r.pod<glm::vec4>());
        TS_TRY_ASSIGN(mat.metallic, r.pod<float>());
        TS_TRY_ASSIGN(mat.roughness, r.pod<float>());
        TS_TRY_ASSIGN(mat.emissive, r.pod<glm::vec3>());
        TS_TRY_ASSIGN(mat.normal_scale, r.pod<float>());
        TS_TRY_ASSIGN(mat.occlusion_strength, r.pod<float>());
        TS_TRY_ASSIGN(uint8_t alpha_mode, r.pod<uint8_t>());
        if (alpha_mode > 2) return r.invalid("unknown alpha mode");
        mat.alpha_mode = AlphaMode(alpha_mode);
        TS_TRY_ASSIGN(mat.alpha_cutoff, r.pod<float>());
        TS_TRY_ASSIGN(uint8_t flags, r.pod<uint8_t>());
        mat.double_sided = flags & 1;
        mat.backdrop = flags & 2;
        mat.skin = flags & 4;
        TS_TRY_ASSIGN(mat.sheen_color, r.pod<glm::vec3>());
        TS_TRY_ASSIGN(mat.sheen_roughness, r.pod<float>());
        TS_TRY_ASSIGN(mat.scatter_color, r.pod<glm::vec3>());
        TS_TRY_ASSIGN(mat.base_color_texture, get_slot(r, m.images.size()));
        TS_TRY_ASSIGN(mat.metallic_roughness_texture, get_slot(r, m.images.size()));
        TS_TRY_ASSIGN(mat.normal_texture, get_slot(r, m.images.size()));
        TS_TRY_ASSIGN(mat.occlusion_texture, get_slot(r, m.images.size()));
        TS_TRY_ASSIGN(mat.emissive_texture, get_slot(r, m.images.size()));
        m.materials.push_back(std::move(mat));
    }

    TS_TRY_ASSIGN(uint32_t joints, r.count(4 + 4 + 128, limits.max_joints, "joints"));
    for (uint32_t i = 0; i < joints; ++i) {
        Joint joint;
        TS_TRY_ASSIGN(joint.name, r.string());
        TS_TRY_ASSIGN(joint.parent, r.pod<int32_t>());
        if (joint.parent < -1 || joint.parent >= int32_t(i)) return r.invalid("joint " + std::to_string(i) + " has a parent that does not come before it");
        TS_TRY_ASSIGN(joint.rest_local, r.pod<glm::mat4>());
        TS_TRY_ASSIGN(joint.inverse_bind, r.pod<glm::mat4>());
        m.skeleton.joints.push_back(std::move(joint));
    }

    TS_TRY_ASSIGN(uint32_t meshes, r.count(4 * 5, limits.max_meshes, "meshes"));
    for (uint32_t i = 0; i < meshes; ++i) {
        Mesh mesh;
        TS_TRY_ASSIGN(mesh.name, r.string());
        TS_TRY_ASSIGN(mesh.material, r.pod<uint32_t>());
        if (mesh.material >= m.materials.size()) return r.invalid("mesh " + std::to_string(i) + " names a material out of range");
        TS_TRY_ASSIGN(uint8_t flags, r.pod<uint8_t>());
        mesh.has_uvs = flags & 1;
        mesh.has_tangents = flags & 2;
        mesh.normals_generated = flags & 4;
        TS_TRY_ASSIGN(mesh.vertices, r.array<Vertex>(limits.max_vertices, "vertices"));
        TS_TRY_ASSIGN(mesh.indices, r.array<uint32_t>(limits.max_indices, "indices"));
        if (mesh.indices.size() % 3 != 0) return r.invalid("mesh " + std::to_string(i) + " has a partial triangle");
        for (uint32_t index : mesh.indices)
            if (index >= mesh.vertices.size()) return r.invalid("mesh " + std::to_string(i) + " indexes past its vertices");
        TS_TRY_ASSIGN(mesh.skin, r.array<VertexSkin>(limits.max_vertices, "skinned vertices"));
        if (!mesh.skin.empty() && mesh.skin.size() != mesh.vertices.size()) return r.invalid("mesh " + std::to_string(i) + " has skin data for the wrong vertex count");
        for (const VertexSkin& s : mesh.skin)
            for (uint32_t k = 0; k < kMaxInfluences; ++k)
                if (s.weights[k] != 0.0f && s.joints[k] >= m.skeleton.joints.size())
                    return r.invalid("mesh " + std::to_string(i) + " is skinned to a joint out of range");
        m.meshes.push_back(std::move(mesh));
    }

    TS_TRY_ASSIGN(uint32_t instances, r.count(4 + 64 + 4, limits.max_meshes * 16ull, "instances"));
    for (uint32_t i = 0; i < instances; ++i) {
        MeshInstance instance;
        TS_TRY_ASSIGN(instance.mesh, r.pod<uint32_t>());
        if (instance.mesh >= m.meshes.size()) return r.invalid("instance " + std::to_string(i) + " names a mesh out of range");
        TS_TRY_ASSIGN(instance.transform, r.pod<glm::mat4>());
        TS_TRY_ASSIGN(instance.node, r.string());
        m.instances.push_back(std::move(instance));
    }

    uint64_t key_budget = limits.max_keys;
    TS_TRY_ASSIGN(uint32_t clips, r.count(16, limits.max_meshes, "clips"));
    for (uint32_t i = 0; i < clips; ++i) {
        AnimationClip clip;
        TS_TRY_ASSIGN(clip.name, r.string());
        TS_TRY_ASSIGN(clip.duration, r.pod<double>());
        TS_TRY_ASSIGN(uint32_t channels, r.count(16, limits.max_joints * 4ull, "channels"));
        for (uint32_t c = 0; c < channels; ++c) {
            AnimationChannel channel;
            TS_TRY_ASSIGN(channel.joint, r.pod<int32_t>());
            if (channel.joint < 0 || size_t(channel.joint) >= m.skeleton.joints.size()) return r.invalid("animation channel joint out of range");
            TS_TRY_ASSIGN(channel.positions, get_keys<glm::vec3>(r, key_budget));
            TS_TRY_ASSIGN(channel.rotations, get_keys<glm::quat>(r, key_budget));
            TS_TRY_ASSIGN(channel.scales, get_keys<glm::vec3>(r, key_budget));
            clip.channels.push_back(std::move(channel));
        }
        m.clips.push_back(std::move(clip));
    }
    if (r.left() != 0) return r.invalid(std::to_string(r.left()) + " trailing bytes");
    return m;
}

}  // namespace

std::vector<uint8_t> encode_model(const Model& m) {
    Writer w;
    size_t estimate = 1 << 16;  // the bulk, so the buffer grows once
    for (const auto& image : m.images) estimate += image.pixels.size() + 16;
    for (const auto& mesh : m.meshes)
        estimate += mesh.vertices.size() * sizeof(Vertex) + mesh.indices.size() * 4 + mesh.skin.size() * sizeof(VertexSkin) + 64;
    for (const auto& clip : m.clips)
        for (const auto& c : clip.channels) estimate += (c.positions.size() + c.scales.size()) * 20 + c.rotations.size() * 24 + 16;
    w.bytes.reserve(kHeader + estimate);
    populate_for_write(w.bytes.data(), kHeader + estimate);
    w.bytes.resize(kHeader);  // filled in at the end, once the payload's length and digest are known
    w.string(m.source);
    w.string(m.twin_id);
    w.pod(m.trimmed_influence_vertices);
    w.strings(m.warnings);
    w.strings(m.dependencies);
    w.count(m.images.size());
    for (const auto& image : m.images) {
        w.pod(image.width);
        w.pod(image.height);
        w.array(image.pixels);
    }
    w.strings(m.image_names);
    w.count(m.materials.size());
    for (const Material& mat : m.materials) {
        w.string(mat.name);
        w.pod(mat.base_color);
        w.pod(mat.metallic);
        w.pod(mat.roughness);
        w.pod(mat.emissive);
        w.pod(mat.normal_scale);
        w.pod(mat.occlusion_strength);
        w.pod(uint8_t(mat.alpha_mode));
        w.pod(mat.alpha_cutoff);
        w.pod(uint8_t((mat.double_sided ? 1 : 0) | (mat.backdrop ? 2 : 0) | (mat.skin ? 4 : 0)));
        w.pod(mat.sheen_color);
        w.pod(mat.sheen_roughness);
        w.pod(mat.scatter_color);
        for (const TextureSlot* slot : {&mat.base_color_texture, &mat.metallic_roughness_texture, &mat.normal_texture,
                                        &mat.occlusion_texture, &mat.emissive_texture})
            put_slot(w, *slot);
    }
    w.count(m.skeleton.joints.size());
    for (const Joint& joint : m.skeleton.joints) {
        w.string(joint.name);
        w.pod(joint.parent);
        w.pod(joint.rest_local);
        w.pod(joint.inverse_bind);
    }
    w.count(m.meshes.size());
    for (const Mesh& mesh : m.meshes) {
        w.string(mesh.name);
        w.pod(mesh.material);
        w.pod(uint8_t((mesh.has_uvs ? 1 : 0) | (mesh.has_tangents ? 2 : 0) | (mesh.normals_generated ? 4 : 0)));
        w.array(mesh.vertices);
        w.array(mesh.indices);
        w.array(mesh.skin);
    }
    w.count(m.instances.size());
    for (const MeshInstance& instance : m.instances) {
        w.pod(instance.mesh);
        w.pod(instance.transform);
        w.string(instance.node);
    }
    w.count(m.clips.size());
    for (const AnimationClip& clip : m.clips) {
        w.string(clip.name);
        w.pod(clip.duration);
        w.count(clip.channels.size());
        for (const AnimationChannel& channel : clip.channels) {
            w.pod(channel.joint);
            put_keys(w, channel.positions);
            put_keys(w, channel.rotations);
            put_keys(w, channel.scales);
        }
    }

    write_header(w.bytes.data(), std::span<const uint8_t>(w.bytes).subspan(kHeader));
    return std::move(w.bytes);
}

std::vector<uint8_t> frame_model_payload(std::span<const uint8_t> payload) {
    std::vector<uint8_t> out(kHeader + payload.size());
    if (!payload.empty()) std::memcpy(out.data() + kHeader, payload.data(), payload.size());
    write_header(out.data(), std::span<const uint8_t>(out).subspan(kHeader));
    return out;
}

Result<Model> decode_model(std::span<const uint8_t> bytes, const std::string& what, const ImportLimits& limits) {
    if (bytes.size() < kHeader) return make_error(ErrorCode::Parse, what + ": truncated header (" + std::to_string(bytes.size()) + " bytes)");
    if (std::memcmp(bytes.data(), kMagic, 8) != 0) return make_error(ErrorCode::Parse, what + ": not a TwinShoot model (bad magic)");
    uint32_t version = 0, flags = 0;
    uint64_t length = 0;
    std::memcpy(&version, bytes.data() + 8, 4);
    std::memcpy(&flags, bytes.data() + 12, 4);
    std::memcpy(&length, bytes.data() + 16, 8);
    if (version != kModelCodecVersion)
        return make_error(ErrorCode::Unsupported, what + ": model format version " + std::to_string(version) + ", expected " +
                                                      std::to_string(kModelCodecVersion));
    if (flags != 0) return make_error(ErrorCode::Unsupported, what + ": unknown flags " + std::to_string(flags));
    if (length != bytes.size() - kHeader)
        return make_error(ErrorCode::Parse, what + ": payload of " + std::to_string(bytes.size() - kHeader) + " bytes, header says " +
                                                std::to_string(length));
    const auto payload = bytes.subspan(kHeader);
    uint32_t expected = 0, zero = 0;
    std::memcpy(&expected, bytes.data() + 24, 4);
    std::memcpy(&zero, bytes.data() + 28, 4);
    if (zero != 0 || crc32(payload) != expected) return make_error(ErrorCode::Parse, what + ": checksum mismatch (corrupt)");
    Reader reader(payload, what);
    return decode_payload(reader, limits);
}

}  // namespace twinshoot::asset
