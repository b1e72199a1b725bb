// Conversion of Assimp materials and their textures into asset::Material (internal to asset/).
#pragma once

#include <assimp/scene.h>

#include <filesystem>
#include <map>

#include "asset/model.h"

namespace twinshoot::asset::detail {

class MaterialConverter {
public:
    MaterialConverter(const aiScene& scene, const std::filesystem::path& model_path, Model& model);
    Material convert(const aiMaterial& material);

private:
    TextureSlot texture(const aiMaterial& material, aiTextureType type);
    int32_t load_image(const std::string& reference);
    std::filesystem::path resolve_external(const std::string& reference) const;

    const aiScene& m_scene;
    std::filesystem::path m_dir;
    bool m_gltf;
    Model& m_model;
    std::map<std::string, int32_t> m_cache;  // texture reference -> image index (-1 = failed)
};

}  // namespace twinshoot::asset::detail
