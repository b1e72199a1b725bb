#include "asset/gltf_precheck.h"

#include <cstring>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinshoot::asset {
namespace {

using nlohmann::json;

constexpr uint32_t kGlbMagic = 0x46546C67u;  // "glTF"
constexpr uint32_t kChunkJson = 0x4E4F534Au;
constexpr uint32_t kChunkBin = 0x004E4942u;

uint32_t le32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }

// Checks one glTF document; `where` prefixes every message.
class Checker {
public:
    Checker(const json& doc, const ConfinedFolder& folder, const ImportLimits& limits, std::optional<uint64_t> bin,
            std::string where)
        : m_doc(doc), m_folder(folder), m_limits(limits), m_bin(bin), m_where(std::move(where)) {}

    Status run() {
        if (!m_doc.is_object()) return fail("$: the document is not a JSON object");
        for (const char* key : {"buffers", "bufferViews", "accessors", "meshes", "nodes", "skins", "images", "textures",
                                "materials", "animations", "scenes", "samplers", "cameras"}) {
            TS_TRY_ASSIGN(const json* array, optional_array(m_doc, key, std::string("$.") + key));
            const uint64_t n = array ? array->size() : 0;
            if (n > m_limits.max_meshes)
                return fail(std::string("$.") + key + ": " + std::to_string(n) + " entries, over the limit of " +
                            std::to_string(m_limits.max_meshes), ErrorCode::Unsupported);
            m_counts[key] = n;
        }
        TS_TRY(buffers());
        TS_TRY(buffer_views());
        TS_TRY(accessors());
        TS_TRY(images());
        TS_TRY(meshes());
        TS_TRY(nodes());
        TS_TRY(skins());
        TS_TRY(textures());
        TS_TRY(animations());
        return {};
    }

private:
    Error fail(const std::string& what, ErrorCode code = ErrorCode::Parse) const { return make_error(code, m_where + what); }

    // A top-level array (run() has checked that each present one is an array), or nullptr.
    const json* top(const char* key) const {
        auto it = m_doc.find(key);
        return it == m_doc.end() ? nullptr : &*it;
    }

    Result<const json*> optional_array(const json& parent, const char* key, const std::string& path) const {
        auto it = parent.find(key);
        if (it == parent.end()) return static_cast<const json*>(nullptr);
        if (!it->is_array()) return fail(path + ": expected an array");
        return &*it;
    }

    // An unsigned integer property, or `fallback` when absent.
    Result<uint64_t> unsigned_of(const json& object, const char* key, const std::string& path,
                                 std::optional<uint64_t> fallback = std::nullopt) const {
        auto it = object.find(key);
        if (it == object.end()) {
            if (fallback) return *fallback;
            return fail(path + "." + key + ": missing");
        }
        if (!it->is_number_unsigned()) return fail(path + "." + key + ": expected a non-negative integer");
        return it->get<uint64_t>();
    }

    // An index property into the top-level array `array`; nullopt when absent and not required.
    Result<std::optional<uint64_t>> index_of(const json& object, const char* key, const char* array, const std::string& path,
                                             bool required = false) const {
        auto it = object.find(key);
        if (it == object.end()) {
            if (required) return fail(path + "." + key + ": missing");
            return std::optional<uint64_t>{};
        }
        TS_TRY(check_index(*it, array, path + "." + key));
        return std::optional<uint64_t>(it->get<uint64_t>());
    }

    Status check_index(const json& value, const char* array, const std::string& path) const {
        if (!value.is_number_unsigned()) return fail(path + ": expected an index");
        const uint64_t i = value.get<uint64_t>();
        const auto count = m_counts.find(array);
        if (count == m_counts.end() || i >= count->second)
            return fail(path + ": index " + std::to_string(i) + " is past the end of $." + array);
        return {};
    }

    // A URI's data: the byte count of a data URI's payload, or the size of the file inside the folder.
    Result<uint64_t> uri_bytes(const std::string& uri, const std::string& path) const {
        if (uri.rfind("data:", 0) == 0) {
            const size_t comma = uri.find(',');
            if (comma == std::string::npos) return fail(path + ": malformed data URI");
            const uint64_t payload = uri.size() - comma - 1;
            const bool base64 = uri.compare(comma >= 7 ? comma - 7 : 0, 7, ";base64") == 0;
            return base64 ? payload / 4 * 3 + 2 : payload;
        }
        if (ConfinedFolder::escapes(uri))
            return make_error(ErrorCode::Invalid, m_folder.model_path().string() + ": refused reference '" + uri +
                                                      "' (" + path + "): outside the model's folder");
        return m_folder.size_of(uri);
    }

    Status buffers() {
        const json* array = top("buffers");
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& b = (*array)[i];
            const std::string path = "$.buffers[" + std::to_string(i) + "]";
            if (!b.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(uint64_t length, unsigned_of(b, "byteLength", path));
            if (length > m_limits.max_file_bytes)
                return fail(path + ".byteLength: " + std::to_string(length) + " bytes, over the limit of " +
                            std::to_string(m_limits.max_file_bytes), ErrorCode::Unsupported);
            uint64_t available = 0;
            if (auto uri = b.find("uri"); uri != b.end()) {
                if (!uri->is_string()) return fail(path + ".uri: expected a string");
                TS_TRY_ASSIGN(available, uri_bytes(uri->get<std::string>(), path + ".uri"));
            } else if (i == 0 && m_bin) {
                available = *m_bin;
            } else {
                return fail(path + ": no uri and no GLB binary chunk to stand for it");
            }
            if (length > available)
                return fail(path + ".byteLength: declares " + std::to_string(length) + " bytes but only " +
                            std::to_string(available) + " are there");
            m_buffer_lengths.push_back(length);
        }
        return {};
    }

    Status buffer_views() {
        const json* array = top("bufferViews");
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& v = (*array)[i];
            const std::string path = "$.bufferViews[" + std::to_string(i) + "]";
            if (!v.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(std::optional<uint64_t> buffer, index_of(v, "buffer", "buffers", path, true));
            TS_TRY_ASSIGN(uint64_t offset, unsigned_of(v, "byteOffset", path, 0));
            TS_TRY_ASSIGN(uint64_t length, unsigned_of(v, "byteLength", path));
            TS_TRY_ASSIGN(uint64_t stride, unsigned_of(v, "byteStride", path, 0));
            if (stride > 252) return fail(path + ".byteStride: " + std::to_string(stride) + " is over 252");
            if (offset > m_buffer_lengths[*buffer] || length > m_buffer_lengths[*buffer] - offset)
                return fail(path + ": bytes " + std::to_string(offset) + "+" + std::to_string(length) +
                            " run past the end of buffer " + std::to_string(*buffer) + " (" +
                            std::to_string(m_buffer_lengths[*buffer]) + " bytes)");
            m_views.push_back({length, stride});
        }
        return {};
    }

    static uint64_t component_size(uint64_t type) {
        switch (type) {
            case 5120: case 5121: return 1;
            case 5122: case 5123: return 2;
            case 5125: case 5126: return 4;
            default: return 0;
        }
    }
    static uint64_t component_count(const std::string& type) {
        if (type == "SCALAR") return 1;
        if (type == "VEC2") return 2;
        if (type == "VEC3") return 3;
        if (type == "VEC4" || type == "MAT2") return 4;
        if (type == "MAT3") return 9;
        if (type == "MAT4") return 16;
        return 0;
    }

    Status accessors() {
        const json* array = top("accessors");
        const uint64_t max_count = std::max<uint64_t>(m_limits.max_vertices, m_limits.max_indices);
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& a = (*array)[i];
            const std::string path = "$.accessors[" + std::to_string(i) + "]";
            if (!a.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(uint64_t count, unsigned_of(a, "count", path));
            if (count > max_count)
                return fail(path + ".count: " + std::to_string(count) + ", over the limit of " + std::to_string(max_count),
                            ErrorCode::Unsupported);
            TS_TRY_ASSIGN(uint64_t component_type, unsigned_of(a, "componentType", path));
            const uint64_t size = component_size(component_type);
            if (size == 0) return fail(path + ".componentType: " + std::to_string(component_type) + " is not a glTF type");
            auto type = a.find("type");
            if (type == a.end() || !type->is_string() || component_count(type->get<std::string>()) == 0)
                return fail(path + ".type: expected SCALAR, VEC2, VEC3, VEC4, MAT2, MAT3 or MAT4");
            const uint64_t element = size * component_count(type->get<std::string>());
            m_accessor_counts.push_back(count);
            if (auto sparse = a.find("sparse"); sparse != a.end()) {
                if (!sparse->is_object()) return fail(path + ".sparse: expected an object");
                TS_TRY_ASSIGN(uint64_t n, unsigned_of(*sparse, "count", path + ".sparse"));
                if (n > count) return fail(path + ".sparse.count: " + std::to_string(n) + " is more than the accessor's count");
                for (const char* part : {"indices", "values"}) {
                    auto p = sparse->find(part);
                    if (p == sparse->end() || !p->is_object()) return fail(path + ".sparse." + part + ": expected an object");
                    TS_TRY(index_of(*p, "bufferView", "bufferViews", path + ".sparse." + part, true));
                }
            }
            TS_TRY_ASSIGN(std::optional<uint64_t> view, index_of(a, "bufferView", "bufferViews", path));
            if (!view || count == 0) continue;
            TS_TRY_ASSIGN(uint64_t offset, unsigned_of(a, "byteOffset", path, 0));
            const View& v = m_views[*view];
            const uint64_t stride = v.stride ? v.stride : element;
            const uint64_t end = offset + stride * (count - 1) + element;  // count <= 2^27, stride <= 252: no overflow
            if (offset > v.length || end > v.length)
                return fail(path + ": " + std::to_string(count) + " elements from byte " + std::to_string(offset) +
                            " need " + std::to_string(end) + " bytes but bufferView " + std::to_string(*view) + " has " +
                            std::to_string(v.length));
        }
        return {};
    }

    Status images() {
        const json* array = top("images");
        if (array && array->size() > m_limits.max_images)
            return fail("$.images: " + std::to_string(array->size()) + " images, over the limit of " +
                        std::to_string(m_limits.max_images), ErrorCode::Unsupported);
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& image = (*array)[i];
            const std::string path = "$.images[" + std::to_string(i) + "]";
            if (!image.is_object()) return fail(path + ": expected an object");
            if (auto uri = image.find("uri"); uri != image.end()) {
                if (!uri->is_string()) return fail(path + ".uri: expected a string");
                const std::string text = uri->get<std::string>();
                if (text.rfind("data:", 0) != 0 && ConfinedFolder::escapes(text))
                    return make_error(ErrorCode::Invalid, m_folder.model_path().string() + ": refused reference '" + text +
                                                              "' (" + path + ".uri): outside the model's folder");
            }
            TS_TRY(index_of(image, "bufferView", "bufferViews", path));
        }
        return {};
    }

    Status meshes() {
        const json* array = top("meshes");
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& mesh = (*array)[i];
            const std::string path = "$.meshes[" + std::to_string(i) + "]";
            if (!mesh.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(const json* primitives, optional_array(mesh, "primitives", path + ".primitives"));
            if (!primitives) return fail(path + ".primitives: missing");
            for (size_t p = 0; p < primitives->size(); ++p) {
                const json& prim = (*primitives)[p];
                const std::string ppath = path + ".primitives[" + std::to_string(p) + "]";
                if (!prim.is_object()) return fail(ppath + ": expected an object");
                auto attributes = prim.find("attributes");
                if (attributes == prim.end() || !attributes->is_object()) return fail(ppath + ".attributes: expected an object");
                for (auto it = attributes->begin(); it != attributes->end(); ++it) {
                    TS_TRY(check_index(*it, "accessors", ppath + ".attributes." + it.key()));
                    if (m_accessor_counts[it->get<uint64_t>()] > m_limits.max_vertices)
                        return fail(ppath + ".attributes." + it.key() + ": more than " + std::to_string(m_limits.max_vertices) +
                                    " vertices", ErrorCode::Unsupported);
                }
                TS_TRY(index_of(prim, "indices", "accessors", ppath));
                TS_TRY(index_of(prim, "material", "materials", ppath));
                if (auto targets = prim.find("targets"); targets != prim.end()) {
                    if (!targets->is_array()) return fail(ppath + ".targets: expected an array");
                    for (const json& target : *targets) {
                        if (!target.is_object()) return fail(ppath + ".targets: expected objects");
                        for (const json& accessor : target) TS_TRY(check_index(accessor, "accessors", ppath + ".targets"));
                    }
                }
            }
        }
        return {};
    }

    Status nodes() {
        const json* array = top("nodes");
        std::vector<uint8_t> has_parent(m_counts["nodes"], 0);
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& node = (*array)[i];
            const std::string path = "$.nodes[" + std::to_string(i) + "]";
            if (!node.is_object()) return fail(path + ": expected an object");
            TS_TRY(index_of(node, "mesh", "meshes", path));
            TS_TRY(index_of(node, "skin", "skins", path));
            TS_TRY(index_of(node, "camera", "cameras", path));
            TS_TRY_ASSIGN(const json* children, optional_array(node, "children", path + ".children"));
            for (size_t c = 0; children && c < children->size(); ++c) {
                TS_TRY(check_index((*children)[c], "nodes", path + ".children[" + std::to_string(c) + "]"));
                const uint64_t child = (*children)[c].get<uint64_t>();
                if (child == i || has_parent[child])
                    return fail(path + ".children[" + std::to_string(c) + "]: node " + std::to_string(child) +
                                (child == i ? " is its own child" : " has two parents"));
                has_parent[child] = 1;
            }
        }
        // With one parent each, a cycle is a loop no root reaches: walk up from every node.
        std::vector<int64_t> parent(has_parent.size(), -1);
        for (size_t i = 0; array && i < array->size(); ++i)
            if (auto children = (*array)[i].find("children"); children != (*array)[i].end())
                for (const json& c : *children) parent[c.get<uint64_t>()] = int64_t(i);
        std::vector<uint8_t> state(parent.size(), 0);  // 0 unseen, 1 on this walk, 2 reaches a root
        for (size_t i = 0; i < parent.size(); ++i) {
            std::vector<size_t> walk;
            int64_t n = int64_t(i);
            while (n >= 0 && state[size_t(n)] == 0) {
                state[size_t(n)] = 1;
                walk.push_back(size_t(n));
                n = parent[size_t(n)];
            }
            if (n >= 0 && state[size_t(n)] == 1) return fail("$.nodes[" + std::to_string(n) + "]: the node hierarchy has a cycle");
            for (size_t w : walk) state[w] = 2;
        }
        const json* scenes = top("scenes");
        for (size_t s = 0; scenes && s < scenes->size(); ++s) {
            const std::string path = "$.scenes[" + std::to_string(s) + "]";
            if (!(*scenes)[s].is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(const json* roots, optional_array((*scenes)[s], "nodes", path + ".nodes"));
            for (size_t r = 0; roots && r < roots->size(); ++r)
                TS_TRY(check_index((*roots)[r], "nodes", path + ".nodes[" + std::to_string(r) + "]"));
        }
        if (m_doc.contains("scene")) TS_TRY(check_index(m_doc["scene"], "scenes", "$.scene"));
        return {};
    }

    Status skins() {
        const json* array = top("skins");
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& skin = (*array)[i];
            const std::string path = "$.skins[" + std::to_string(i) + "]";
            if (!skin.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(const json* joints, optional_array(skin, "joints", path + ".joints"));
            if (!joints) return fail(path + ".joints: missing");
            if (joints->size() > m_limits.max_joints)
                return fail(path + ".joints: " + std::to_string(joints->size()) + " joints, over the limit of " +
                            std::to_string(m_limits.max_joints), ErrorCode::Unsupported);
            for (size_t j = 0; j < joints->size(); ++j)
                TS_TRY(check_index((*joints)[j], "nodes", path + ".joints[" + std::to_string(j) + "]"));
            TS_TRY(index_of(skin, "skeleton", "nodes", path));
            TS_TRY_ASSIGN(std::optional<uint64_t> ibm, index_of(skin, "inverseBindMatrices", "accessors", path));
            // Optional in glTF (identity), but Assimp 5.2 dereferences it unchecked (found by
            // model_import_fuzz): refused rather than crash the import child.
            if (!ibm)
                return fail(path + ".inverseBindMatrices: missing (optional in glTF, but the importer cannot read a skin "
                                   "without it)", ErrorCode::Unsupported);
            if (m_accessor_counts[*ibm] < joints->size())
                return fail(path + ".inverseBindMatrices: " + std::to_string(m_accessor_counts[*ibm]) + " matrices for " +
                            std::to_string(joints->size()) + " joints");
        }
        return {};
    }

    Status textures() {
        const json* array = top("textures");
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& t = (*array)[i];
            const std::string path = "$.textures[" + std::to_string(i) + "]";
            if (!t.is_object()) return fail(path + ": expected an object");
            TS_TRY(index_of(t, "source", "images", path));
            TS_TRY(index_of(t, "sampler", "samplers", path));
        }
        return {};
    }

    Status animations() {
        const json* array = top("animations");
        uint64_t keys = 0;
        for (size_t i = 0; array && i < array->size(); ++i) {
            const json& animation = (*array)[i];
            const std::string path = "$.animations[" + std::to_string(i) + "]";
            if (!animation.is_object()) return fail(path + ": expected an object");
            TS_TRY_ASSIGN(const json* samplers, optional_array(animation, "samplers", path + ".samplers"));
            TS_TRY_ASSIGN(const json* channels, optional_array(animation, "channels", path + ".channels"));
            for (size_t s = 0; samplers && s < samplers->size(); ++s) {
                const std::string spath = path + ".samplers[" + std::to_string(s) + "]";
                if (!(*samplers)[s].is_object()) return fail(spath + ": expected an object");
                TS_TRY_ASSIGN(std::optional<uint64_t> input, index_of((*samplers)[s], "input", "accessors", spath, true));
                TS_TRY(index_of((*samplers)[s], "output", "accessors", spath, true));
                keys += m_accessor_counts[*input];
                if (keys > m_limits.max_keys)
                    return fail(path + ": more than " + std::to_string(m_limits.max_keys) + " animation keys",
                                ErrorCode::Unsupported);
            }
            for (size_t c = 0; channels && c < channels->size(); ++c) {
                const std::string cpath = path + ".channels[" + std::to_string(c) + "]";
                const json& channel = (*channels)[c];
                if (!channel.is_object()) return fail(cpath + ": expected an object");
                auto sampler = channel.find("sampler");
                if (sampler == channel.end() || !sampler->is_number_unsigned() ||
                    sampler->get<uint64_t>() >= (samplers ? samplers->size() : 0))
                    return fail(cpath + ".sampler: not one of the animation's samplers");
                auto target = channel.find("target");
                if (target == channel.end() || !target->is_object()) return fail(cpath + ".target: expected an object");
                TS_TRY(index_of(*target, "node", "nodes", cpath + ".target"));
            }
        }
        return {};
    }

    struct View {
        uint64_t length;
        uint64_t stride;
    };

    const json& m_doc;
    const ConfinedFolder& m_folder;
    const ImportLimits& m_limits;
    std::optional<uint64_t> m_bin;
    std::string m_where;
    std::map<std::string, uint64_t> m_counts;
    std::vector<uint64_t> m_buffer_lengths;
    std::vector<View> m_views;
    std::vector<uint64_t> m_accessor_counts;
};

}  // namespace

uint32_t json_nesting_depth(std::string_view text, uint32_t stop_at) {
    uint32_t depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > stop_at) return deepest;
        } else if ((c == ']' || c == '}') && depth > 0) --depth;
    }
    return deepest;
}

Status precheck_gltf(std::span<const uint8_t> file, bool binary, const ConfinedFolder& folder, const ImportLimits& limits) {
    const std::string where = folder.model_path().string() + ": ";
    std::string_view text;
    std::optional<uint64_t> bin;
    if (binary) {
        if (file.size() < 20) return make_error(ErrorCode::Parse, where + "truncated GLB header (" + std::to_string(file.size()) + " bytes)");
        if (le32(file.data()) != kGlbMagic) return make_error(ErrorCode::Parse, where + "not a GLB file (bad magic)");
        if (le32(file.data() + 4) != 2)
            return make_error(ErrorCode::Unsupported, where + "GLB version " + std::to_string(le32(file.data() + 4)) + " (expected 2)");
        const uint64_t declared = le32(file.data() + 8);
        if (declared > file.size())
            return make_error(ErrorCode::Parse, where + "GLB header declares " + std::to_string(declared) + " bytes but the file has " +
                                                    std::to_string(file.size()) + " (truncated)");
        uint64_t at = 12;
        unsigned chunk = 0;
        while (at < declared) {
            if (declared - at < 8) return make_error(ErrorCode::Parse, where + "truncated GLB chunk header at byte " + std::to_string(at));
            const uint64_t length = le32(file.data() + at);
            const uint32_t type = le32(file.data() + at + 4);
            if (length > declared - at - 8)
                return make_error(ErrorCode::Parse, where + "GLB chunk " + std::to_string(chunk) + " declares " + std::to_string(length) +
                                                        " bytes but only " + std::to_string(declared - at - 8) + " follow");
            if (chunk == 0 && type != kChunkJson) return make_error(ErrorCode::Parse, where + "GLB's first chunk is not JSON");
            if (chunk == 0) text = {reinterpret_cast<const char*>(file.data() + at + 8), size_t(length)};
            else if (type == kChunkBin) {
                if (bin) return make_error(ErrorCode::Parse, where + "GLB has more than one BIN chunk");
                bin = length;
            }
            at += 8 + length;
            ++chunk;
        }
        if (chunk == 0) return make_error(ErrorCode::Parse, where + "GLB has no JSON chunk");
    } else {
        text = {reinterpret_cast<const char*>(file.data()), file.size()};
    }
    const uint32_t depth = json_nesting_depth(text, limits.max_json_depth);
    if (depth > limits.max_json_depth)
        return make_error(ErrorCode::Unsupported, where + "JSON nests deeper than " + std::to_string(limits.max_json_depth) + " levels");
    const nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return make_error(ErrorCode::Parse, where + "malformed JSON");
    return Checker(doc, folder, limits, bin, where).run();
}

}  // namespace twinshoot::asset
