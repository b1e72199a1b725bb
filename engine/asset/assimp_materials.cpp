#include "asset/assimp_materials.h"

#include <assimp/GltfMaterial.h>
#include <assimp/material.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace twinshoot::asset::detail {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

WrapMode wrap_mode(int mode) {
    switch (mode) {
        case aiTextureMapMode_Clamp: return WrapMode::ClampToEdge;
        case aiTextureMapMode_Mirror: return WrapMode::MirroredRepeat;
        default: return WrapMode::Repeat;
    }
}

}  // namespace

MaterialConverter::MaterialConverter(const aiScene& scene, const ConfinedFolder& folder, const ImportLimits& limits,
                                     Model& model)
    : m_scene(scene), m_folder(folder), m_limits(limits), m_model(model) {
    const std::string ext = lower(folder.model_path().extension().string());
    m_gltf = ext == ".gltf" || ext == ".glb";
}

std::string MaterialConverter::resolve_external(const std::string& reference) {
    const std::string ref = normalise_reference(reference);
    if (ConfinedFolder::escapes(reference)) {
        // glTF URIs are relative by definition: one leading out is refused. FBX and OBJ exporters
        // often keep absolute paths from the author's machine ("C:\\Users\\...\\skin.png"); those
        // are looked up by base name inside the folder and never opened as written. A relative
        // path that climbs out with ".." is refused in every format.
        if (m_gltf || !(ref.size() > 1 && (ref[0] == '/' || ref[1] == ':'))) {
            if (!m_refusal)
                m_refusal = make_error(ErrorCode::Invalid, m_folder.model_path().string() + ": refused reference '" +
                                                               reference + "': outside the model's folder");
            return {};
        }
    } else if (auto size = m_folder.size_of(ref)) {
        return ref;
    } else if (size.error().code == ErrorCode::Invalid) {  // a symlink leading out, a folder, a device
        if (!m_refusal) m_refusal = size.error();
        return {};
    }
    // Try the base name beside the model, then the same name in any case (".JPG" vs ".jpg").
    const std::string base = fs::path(ref).filename().string();
    if (base.empty()) return {};
    if (m_folder.exists(base)) return base;
    const std::string wanted = lower(base);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_folder.folder(), ec)) {
        const std::string name = entry.path().filename().string();
        if (lower(name) == wanted && m_folder.exists(name)) return name;
    }
    return {};
}

int32_t MaterialConverter::load_image(const std::string& reference) {
    if (auto it = m_cache.find(reference); it != m_cache.end()) return it->second;
    if (m_model.images.size() >= m_limits.max_images) {
        if (!m_refusal)
            m_refusal = make_error(ErrorCode::Unsupported, m_folder.model_path().string() + ": more than " +
                                                               std::to_string(m_limits.max_images) + " textures");
        return -1;
    }
    int32_t index = -1;
    Result<ImageRgba8> decoded = make_error(ErrorCode::Io, "");
    std::string name = reference;
    if (const aiTexture* embedded = m_scene.GetEmbeddedTexture(reference.c_str())) {
        name = "embedded texture " + reference;
        if (embedded->mHeight == 0) {  // compressed (PNG/JPEG...) blob of mWidth bytes
            decoded = decode_image({reinterpret_cast<const uint8_t*>(embedded->pcData), embedded->mWidth}, name, m_limits);
        } else if (embedded->mWidth > m_limits.max_image_side || embedded->mHeight > m_limits.max_image_side ||
                   uint64_t(embedded->mWidth) * embedded->mHeight > m_limits.max_image_texels) {
            decoded = make_error(ErrorCode::Unsupported, name + ": image size " + std::to_string(embedded->mWidth) + "x" +
                                                             std::to_string(embedded->mHeight) + " is over the limit");
        } else {  // raw ARGB8888 texels
            ImageRgba8 image;
            image.width = embedded->mWidth;
            image.height = embedded->mHeight;
            image.pixels.resize(size_t(image.width) * image.height * 4);
            for (size_t i = 0; i < size_t(image.width) * image.height; ++i) {
                const aiTexel& t = embedded->pcData[i];
                image.pixels[i * 4 + 0] = t.r;
                image.pixels[i * 4 + 1] = t.g;
                image.pixels[i * 4 + 2] = t.b;
                image.pixels[i * 4 + 3] = t.a;
            }
            decoded = std::move(image);
        }
    } else {
        const std::string file = resolve_external(reference);
        if (file.empty()) {
            decoded = make_error(ErrorCode::Io, "texture '" + reference + "' not found beside the model");
        } else {
            name = (m_folder.folder() / file).string();
            auto bytes = m_folder.read(file, m_limits.max_file_bytes);
            decoded = bytes ? decode_image(*bytes, name, m_limits) : Result<ImageRgba8>(bytes.error());
        }
    }
    if (decoded) {
        index = static_cast<int32_t>(m_model.images.size());
        m_model.images.push_back(std::move(decoded).value());
        m_model.image_names.push_back(name);
    } else if (decoded.error().code == ErrorCode::Unsupported) {  // over a documented limit: the file is refused
        if (!m_refusal) m_refusal = decoded.error().with_context(m_folder.model_path().string());
    } else {
        m_model.warnings.push_back(decoded.error().message + "; drawn without it");
    }
    m_cache.emplace(reference, index);
    return index;
}

TextureSlot MaterialConverter::texture(const aiMaterial& material, aiTextureType type) {
    TextureSlot slot;
    if (material.GetTextureCount(type) == 0) return slot;
    aiString path;
    aiTextureMapMode modes[2] = {aiTextureMapMode_Wrap, aiTextureMapMode_Wrap};
    if (material.GetTexture(type, 0, &path, nullptr, nullptr, nullptr, nullptr, modes) != AI_SUCCESS) return slot;
    if (path.length == 0) return slot;
    slot.image = load_image(path.C_Str());
    slot.wrap_u = wrap_mode(modes[0]);
    slot.wrap_v = wrap_mode(modes[1]);
    return slot;
}

Material MaterialConverter::convert(const aiMaterial& m) {
    Material out;
    aiString name;
    if (m.Get(AI_MATKEY_NAME, name) == AI_SUCCESS) out.name = name.C_Str();

    aiColor4D color;
    if (m.Get(AI_MATKEY_BASE_COLOR, color) == AI_SUCCESS) {
        out.base_color = {color.r, color.g, color.b, color.a};
    } else if (m.Get(AI_MATKEY_COLOR_DIFFUSE, color) == AI_SUCCESS) {
        out.base_color = {color.r, color.g, color.b, 1.0f};
        float opacity = 1.0f;
        if (m.Get(AI_MATKEY_OPACITY, opacity) == AI_SUCCESS) out.base_color.a = std::clamp(opacity, 0.0f, 1.0f);
    }
    float value = 0.0f;
    if (m.Get(AI_MATKEY_METALLIC_FACTOR, value) == AI_SUCCESS) {
        out.metallic = value;
        if (m.Get(AI_MATKEY_ROUGHNESS_FACTOR, value) == AI_SUCCESS) out.roughness = value;
    } else {
        // Phong-style material (OBJ, most FBX): dielectric; roughness from the specular exponent
        // through the usual Blinn-Phong <-> GGX match, roughness = sqrt(2 / (Ns + 2)).
        out.metallic = 0.0f;
        float shininess = 0.0f;
        out.roughness = (m.Get(AI_MATKEY_SHININESS, shininess) == AI_SUCCESS && shininess > 0.0f)
                            ? std::clamp(std::sqrt(2.0f / (shininess + 2.0f)), 0.05f, 1.0f)
                            : 0.8f;
    }
    aiColor3D emissive(0.0f, 0.0f, 0.0f);
    aiColor3D sheen;
    if (m.Get(AI_MATKEY_SHEEN_COLOR_FACTOR, sheen) == AI_SUCCESS) {
        out.sheen_color = glm::clamp(glm::vec3(sheen.r, sheen.g, sheen.b), glm::vec3(0.0f), glm::vec3(1.0f));
        if (m.Get(AI_MATKEY_SHEEN_ROUGHNESS_FACTOR, value) == AI_SUCCESS) out.sheen_roughness = std::clamp(value, 0.0f, 1.0f);
    }
    if (m.Get(AI_MATKEY_COLOR_EMISSIVE, emissive) == AI_SUCCESS) out.emissive = {emissive.r, emissive.g, emissive.b};
    if (m.Get(AI_MATKEY_EMISSIVE_INTENSITY, value) == AI_SUCCESS) out.emissive *= value;

    aiString alpha_mode;
    if (m.Get(AI_MATKEY_GLTF_ALPHAMODE, alpha_mode) == AI_SUCCESS) {
        const std::string mode = alpha_mode.C_Str();
        out.alpha_mode = mode == "MASK" ? AlphaMode::Mask : mode == "BLEND" ? AlphaMode::Blend : AlphaMode::Opaque;
    } else if (out.base_color.a < 1.0f) {
        out.alpha_mode = AlphaMode::Blend;
    }
    if (m.Get(AI_MATKEY_GLTF_ALPHACUTOFF, value) == AI_SUCCESS) out.alpha_cutoff = value;
    int two_sided = 0;
    if (m.Get(AI_MATKEY_TWOSIDED, two_sided) == AI_SUCCESS) out.double_sided = two_sided != 0;

    out.base_color_texture = texture(m, aiTextureType_BASE_COLOR);
    if (!out.base_color_texture.present()) out.base_color_texture = texture(m, aiTextureType_DIFFUSE);
    if (m_gltf) {
        // glTF packs roughness (G) and metallic (B) in one texture; Assimp lists it under several types.
        for (aiTextureType type : {aiTextureType_METALNESS, aiTextureType_DIFFUSE_ROUGHNESS, aiTextureType_UNKNOWN}) {
            out.metallic_roughness_texture = texture(m, type);
            if (out.metallic_roughness_texture.present()) break;
        }
        out.occlusion_texture = texture(m, aiTextureType_LIGHTMAP);
        if (m.Get(AI_MATKEY_GLTF_TEXTURE_STRENGTH(aiTextureType_LIGHTMAP, 0), value) == AI_SUCCESS)
            out.occlusion_strength = value;
    }
    if (!out.occlusion_texture.present()) out.occlusion_texture = texture(m, aiTextureType_AMBIENT_OCCLUSION);
    out.normal_texture = texture(m, aiTextureType_NORMALS);
    if (m.Get(AI_MATKEY_GLTF_TEXTURE_SCALE(aiTextureType_NORMALS, 0), value) == AI_SUCCESS) out.normal_scale = value;
    out.emissive_texture = texture(m, aiTextureType_EMISSIVE);
    if (out.emissive_texture.present() && out.emissive == glm::vec3(0.0f) && !m_gltf) out.emissive = glm::vec3(1.0f);
    return out;
}

}  // namespace twinshoot::asset::detail
