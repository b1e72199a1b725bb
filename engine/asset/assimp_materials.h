// Conversion of Assimp materials and their textures into asset::Material (internal to asset/).
#pragma once

#include <assimp/scene.h>

#include <filesystem>
#include <map>
#include <optional>

#include "asset/confined_folder.h"
#include "asset/import_limits.h"
#include "asset/model.h"

namespace twinshoot::asset::detail {

class MaterialConverter {
public:
    // External textures are read through `folder` only (asset/confined_folder.h); a reference that
    // leads outside it, or a texture over the image limits, is remembered in refusal() and the
    // import fails with it. A texture missing inside the folder, or one that does not decode, is a
    // warning in Model::warnings.
    MaterialConverter(const aiScene& scene, const ConfinedFolder& folder, const ImportLimits& limits, Model& model);
    Material convert(const aiMaterial& material);
    const std::optional<Error>& refusal() const { return m_refusal; }

private:
    TextureSlot texture(const aiMaterial& material, aiTextureType type);
    int32_t load_image(const std::string& reference);
    // The reference to read inside the folder, or "" when nothing there matches.
    std::string resolve_external(const std::string& reference);

    const aiScene& m_scene;
    const ConfinedFolder& m_folder;
    const ImportLimits& m_limits;
    bool m_gltf;
    std::optional<Error> m_refusal;
    Model& m_model;
    std::map<std::string, int32_t> m_cache;  // texture reference -> image index (-1 = failed)
};

}  // namespace twinshoot::asset::detail
