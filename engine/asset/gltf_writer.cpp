#include "asset/gltf_writer.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include "asset/png_writer.h"
#include "core/file_io.h"

namespace twinshoot::asset {
namespace {

using json = nlohmann::ordered_json;

constexpr int kFloat = 5126, kUnsignedShort = 5123, kUnsignedInt = 5125;
constexpr int kArrayBuffer = 34962, kElementArrayBuffer = 34963;

class GlbBuilder {
public:
    // Appends raw bytes as a buffer view; returns its index.
    int view(const void* data, size_t size, int target) {
        while (m_bin.size() % 4) m_bin.push_back(0);
        const size_t offset = m_bin.size();
        m_bin.resize(offset + size);
        std::memcpy(m_bin.data() + offset, data, size);
        json v = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", size}};
        if (target) v["target"] = target;
        m_views.push_back(v);
        return int(m_views.size() - 1);
    }
    int accessor(int view_index, int component, size_t count, const char* type, json extra = json::object()) {
        json a = {{"bufferView", view_index}, {"componentType", component}, {"count", count}, {"type", type}};
        a.update(extra);
        m_accessors.push_back(a);
        return int(m_accessors.size() - 1);
    }
    template <typename T>
    int attribute(const std::vector<T>& values, int component, const char* type, json extra = json::object()) {
        return accessor(view(values.data(), values.size() * sizeof(T), kArrayBuffer), component, values.size(), type,
                        extra);
    }

    std::vector<uint8_t> finish(json doc) {
        while (m_bin.size() % 4) m_bin.push_back(0);
        doc["buffers"] = json::array({{{"byteLength", m_bin.size()}}});
        doc["bufferViews"] = m_views;
        doc["accessors"] = m_accessors;
        std::string text = doc.dump();
        while (text.size() % 4) text.push_back(' ');
        std::vector<uint8_t> out;
        auto u32 = [&](uint32_t v) {
            for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
        };
        u32(0x46546C67);
        u32(2);
        u32(uint32_t(12 + 8 + text.size() + 8 + m_bin.size()));
        u32(uint32_t(text.size()));
        u32(0x4E4F534A);
        out.insert(out.end(), text.begin(), text.end());
        u32(uint32_t(m_bin.size()));
        u32(0x004E4942);
        out.insert(out.end(), m_bin.begin(), m_bin.end());
        return out;
    }

private:
    std::vector<uint8_t> m_bin;
    json m_views = json::array();
    json m_accessors = json::array();
};

json matrix(const glm::mat4& m) {
    json a = json::array();
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) a.push_back(m[c][r]);
    return a;
}

}  // namespace

Result<std::vector<uint8_t>> encode_glb(const Model& model) {
    if (model.meshes.empty()) return make_error(ErrorCode::Invalid, "cannot write a model without meshes");
    GlbBuilder b;
    json doc;
    doc["asset"] = {{"version", "2.0"}, {"generator", "TwinShoot"}};
    if (!model.twin_id.empty()) doc["asset"]["extras"] = {{"twinshoot_twin", model.twin_id}};
    // Images as embedded PNG; one texture (and sampler) per use, so wrap modes are kept.
    json images = json::array(), textures = json::array(), samplers = json::array();
    for (const ImageRgba8& image : model.images) {
        TS_TRY_ASSIGN(std::vector<uint8_t> png, encode_png(image));
        images.push_back({{"bufferView", b.view(png.data(), png.size(), 0)}, {"mimeType", "image/png"}});
    }
    auto wrap = [](WrapMode m) { return m == WrapMode::ClampToEdge ? 33071 : m == WrapMode::MirroredRepeat ? 33648 : 10497; };
    auto texture = [&](const TextureSlot& slot) -> json {
        samplers.push_back({{"wrapS", wrap(slot.wrap_u)}, {"wrapT", wrap(slot.wrap_v)}});
        textures.push_back({{"source", slot.image}, {"sampler", samplers.size() - 1}});
        return {{"index", textures.size() - 1}};
    };
    auto usable = [&](const TextureSlot& slot) { return slot.present() && size_t(slot.image) < model.images.size(); };
    json materials = json::array();
    for (const auto& m : model.materials) {
        json mat = {{"name", m.name},
                    {"pbrMetallicRoughness",
                     {{"baseColorFactor", {m.base_color.r, m.base_color.g, m.base_color.b, m.base_color.a}},
                      {"metallicFactor", m.metallic},
                      {"roughnessFactor", m.roughness}}}};
        if (m.double_sided) mat["doubleSided"] = true;
        if (m.emissive != glm::vec3(0.0f)) mat["emissiveFactor"] = {m.emissive.r, m.emissive.g, m.emissive.b};
        if (m.alpha_mode == AlphaMode::Mask) mat["alphaMode"] = "MASK", mat["alphaCutoff"] = m.alpha_cutoff;
        if (m.alpha_mode == AlphaMode::Blend) mat["alphaMode"] = "BLEND";
        if (usable(m.base_color_texture)) mat["pbrMetallicRoughness"]["baseColorTexture"] = texture(m.base_color_texture);
        if (usable(m.metallic_roughness_texture))
            mat["pbrMetallicRoughness"]["metallicRoughnessTexture"] = texture(m.metallic_roughness_texture);
        if (usable(m.normal_texture)) {
            json t = texture(m.normal_texture);
            t["scale"] = m.normal_scale;
            mat["normalTexture"] = t;
        }
        if (usable(m.occlusion_texture)) {
            json t = texture(m.occlusion_texture);
            t["strength"] = m.occlusion_strength;
            mat["occlusionTexture"] = t;
        }
        if (usable(m.emissive_texture)) mat["emissiveTexture"] = texture(m.emissive_texture);
        materials.push_back(mat);
    }
    if (!images.empty()) {
        doc["images"] = images;
        doc["textures"] = textures;
        doc["samplers"] = samplers;
    }
    doc["materials"] = materials;

    json meshes = json::array();
    for (const auto& mesh : model.meshes) {
        std::vector<glm::vec3> positions, normals;
        std::vector<glm::vec4> tangents;
        std::vector<glm::vec2> uvs;
        glm::vec3 lo(1e30f), hi(-1e30f);
        for (const auto& v : mesh.vertices) {
            positions.push_back(v.position);
            normals.push_back(v.normal);
            tangents.push_back(v.tangent);
            uvs.push_back(v.uv);
            lo = glm::min(lo, v.position);
            hi = glm::max(hi, v.position);
        }
        json attributes;
        attributes["POSITION"] = b.attribute(positions, kFloat, "VEC3", {{"min", {lo.x, lo.y, lo.z}}, {"max", {hi.x, hi.y, hi.z}}});
        attributes["NORMAL"] = b.attribute(normals, kFloat, "VEC3");
        if (mesh.has_tangents) attributes["TANGENT"] = b.attribute(tangents, kFloat, "VEC4");
        if (mesh.has_uvs) attributes["TEXCOORD_0"] = b.attribute(uvs, kFloat, "VEC2");
        if (mesh.skinned()) {
            bool eight = false;
            for (const auto& s : mesh.skin)
                for (uint32_t k = 4; k < kMaxInfluences; ++k) eight |= s.weights[k] > 0.0f;
            for (int set = 0; set < (eight ? 2 : 1); ++set) {
                std::vector<glm::u16vec4> joints;
                std::vector<glm::vec4> weights;
                for (const auto& s : mesh.skin) {
                    joints.emplace_back(s.joints[set * 4], s.joints[set * 4 + 1], s.joints[set * 4 + 2], s.joints[set * 4 + 3]);
                    weights.emplace_back(s.weights[set * 4], s.weights[set * 4 + 1], s.weights[set * 4 + 2], s.weights[set * 4 + 3]);
                }
                attributes["JOINTS_" + std::to_string(set)] = b.attribute(joints, kUnsignedShort, "VEC4");
                attributes["WEIGHTS_" + std::to_string(set)] = b.attribute(weights, kFloat, "VEC4");
            }
        }
        const int indices = b.accessor(b.view(mesh.indices.data(), mesh.indices.size() * 4, kElementArrayBuffer),
                                       kUnsignedInt, mesh.indices.size(), "SCALAR");
        meshes.push_back({{"name", mesh.name},
                          {"primitives", json::array({{{"attributes", attributes}, {"indices", indices}, {"material", mesh.material}}})}});
    }
    doc["meshes"] = meshes;

    // Nodes: joints first (same indices as the skeleton), then one node per instance.
    json nodes = json::array();
    const auto& joints = model.skeleton.joints;
    for (size_t j = 0; j < joints.size(); ++j) {
        json node = {{"name", joints[j].name}};
        if (joints[j].rest_local != glm::mat4(1.0f)) node["matrix"] = matrix(joints[j].rest_local);
        json children = json::array();
        for (size_t c = 0; c < joints.size(); ++c)
            if (joints[c].parent == int32_t(j)) children.push_back(c);
        if (!children.empty()) node["children"] = children;
        nodes.push_back(node);
    }
    json roots = json::array();
    for (size_t j = 0; j < joints.size(); ++j)
        if (joints[j].parent < 0) roots.push_back(j);
    for (const auto& instance : model.instances) {
        json node = {{"name", instance.node.empty() ? model.meshes[instance.mesh].name : instance.node},
                     {"mesh", instance.mesh}};
        if (model.meshes[instance.mesh].skinned()) node["skin"] = 0;  // glTF ignores a skinned node's transform
        else if (instance.transform != glm::mat4(1.0f)) node["matrix"] = matrix(instance.transform);
        roots.push_back(nodes.size());
        nodes.push_back(node);
    }
    doc["nodes"] = nodes;
    doc["scene"] = 0;
    doc["scenes"] = json::array({{{"nodes", roots}}});
    if (!joints.empty()) {
        std::vector<glm::mat4> inverse_binds;
        json joint_nodes = json::array();
        for (size_t j = 0; j < joints.size(); ++j) {
            inverse_binds.push_back(joints[j].inverse_bind);
            joint_nodes.push_back(j);
        }
        const int ibm = b.accessor(b.view(inverse_binds.data(), inverse_binds.size() * sizeof(glm::mat4), 0), kFloat,
                                   inverse_binds.size(), "MAT4");
        doc["skins"] = json::array({{{"joints", joint_nodes}, {"inverseBindMatrices", ibm}}});
    }
    return b.finish(doc);
}

Status write_glb(const std::filesystem::path& path, const Model& model) {
    TS_TRY_ASSIGN(auto bytes, encode_glb(model));
    return write_file_atomic(path, bytes);
}

}  // namespace twinshoot::asset
