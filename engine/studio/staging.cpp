#include "studio/staging.h"

#include <cstdio>
#include <cstdlib>
#include <regex>

#include "scene/humanoid.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "asset/importer.h"

namespace twinshoot::studio {

Result<Staging> stage_pose(const asset::Model& model, const scene::Pose& pose,
                           const std::map<std::string, std::string>& bone_map) {
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton, bone_map));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model.skeleton, map));
    Staging staging;
    staging.framing.direction = map.forward;
    const auto locals = rig.apply(pose);
    staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
    staging.pose_name = pose.name;
    staging.pose_tags = pose.tags;
    staging.angles = scene::measure_joint_angles(rig, locals);
    return staging;
}

Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what) {
    Staging staging;
    if (model.skeleton.empty()) {
        if (!spec.empty()) return make_error(ErrorCode::Invalid, what + ": cannot pose a model without a skeleton");
        return staging;
    }
    auto map = scene::map_humanoid(model.skeleton, bone_map);
    if (!map) {
        if (!spec.empty() || !bone_map.empty()) return map.error().with_context(what);
        return staging;  // rigged, but not a humanoid: frame it like any model
    }
    staging.framing.direction = map->forward;
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model.skeleton, *map));
    if (spec.empty()) {
        staging.angles = scene::measure_joint_angles(rig, model.skeleton.rest_locals());
        return staging;
    }
    if (spec.rfind("clip:", 0) == 0) {  // clip:NAME@SECONDS, a frame of an animation in the file
        const std::string clip_spec = spec.substr(5);
        const size_t at = clip_spec.rfind('@');
        const std::string name = clip_spec.substr(0, at);
        double t = 0.0;
        if (at != std::string::npos) {
            char* end = nullptr;
            t = std::strtod(clip_spec.c_str() + at + 1, &end);
            if (*end != '\0' || !(t >= 0.0))
                return make_error(ErrorCode::Invalid, "--pose '" + spec + "': expected clip:NAME@SECONDS");
        }
        std::string available;
        for (const auto& clip : model.clips) {
            available += (available.empty() ? "" : ", ") + clip.name;
            if (clip.name != name) continue;
            const auto locals = asset::sample_clip(model.skeleton, clip, t);
            staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
            staging.pose_name = spec;  // clips carry no tags: the licence judges them on measured angles
            staging.angles = scene::measure_joint_angles(rig, locals);
            return staging;
        }
        return make_error(ErrorCode::Invalid, what + ": no animation clip named \"" + name + "\" (available: " +
                                                  (available.empty() ? "none" : available) + ")");
    }
    Result<scene::Pose> pose = make_error(ErrorCode::Invalid, "");
    if (std::filesystem::path(spec).extension() == ".json") {
        pose = scene::load_pose(spec);
    } else {
        TS_TRY_ASSIGN(scene::PoseLibrary library, scene::load_pose_library(poses));
        const scene::Pose* found = library.find(spec);
        if (!found) return make_error(ErrorCode::Invalid, poses.string() + ": no pose named \"" + spec + "\"");
        pose = *found;
    }
    if (!pose) return pose.error();
    return stage_pose(model, *pose, bone_map);
}

Result<std::vector<GarmentChoice>> load_garments(const std::vector<std::string>& specs) {
    std::vector<GarmentChoice> out;
    for (const std::string& spec : specs) {
        const size_t colon = spec.rfind(':');
        const std::filesystem::path folder = colon == std::string::npos ? spec : spec.substr(0, colon);
        TS_TRY_ASSIGN(scene::GarmentPackage package, scene::load_garment(folder));
        const std::string colourway_name = colon == std::string::npos ? package.default_colourway : spec.substr(colon + 1);
        const scene::Colourway* colourway = package.colourway(colourway_name);
        if (!colourway) {
            std::string names;
            for (const auto& c : package.colourways) names += (names.empty() ? "" : ", ") + c.name;
            return make_error(ErrorCode::Invalid, (folder / "garment.json").string() + ": no colourway \"" + colourway_name +
                                                      "\" (available: " + names + ")");
        }
        scene::Colourway chosen = *colourway;
        out.push_back({std::move(package), std::move(chosen)});
    }
    return out;
}

Result<Dressed> dress(const asset::Model& twin, const std::vector<GarmentChoice>& choices, const Staging& staging) {
    Dressed out;
    if (choices.empty()) return out;
    std::vector<scene::DressedGarment> garments;
    for (const GarmentChoice& choice : choices) {
        const scene::GarmentPackage& package = choice.package;
        const scene::Colourway* colourway = &choice.colourway;
        TS_TRY_ASSIGN(asset::Model mesh_model, asset::import_model(package.mesh));
        scene::DressedGarment g;
        g.id = package.id;
        g.layer = package.layer;
        // One mesh per garment: merge the file's meshes in model space.
        for (const auto& instance : mesh_model.instances) {
            const asset::Mesh& m = mesh_model.meshes[instance.mesh];
            const uint32_t base = uint32_t(g.mesh.vertices.size());
            for (auto v : m.vertices) {
                v.position = glm::vec3(instance.transform * glm::vec4(v.position, 1.0f));
                v.normal = glm::normalize(glm::mat3(instance.transform) * v.normal);
                g.mesh.vertices.push_back(v);
            }
            for (uint32_t i : m.indices) g.mesh.indices.push_back(base + i);
            g.mesh.has_uvs = m.has_uvs;
        }
        g.material = mesh_model.materials.empty() ? asset::Material{} : mesh_model.materials[mesh_model.meshes[0].material];
        g.material.name = package.id + ":" + colourway->name;
        g.material.double_sided = true;
        if (colourway->base_color) g.material.base_color = glm::vec4(*colourway->base_color, 1.0f);
        if (colourway->roughness) g.material.roughness = *colourway->roughness;
        g.material.metallic = 0.0f;
        garments.push_back(std::move(g));
    }
    TS_TRY_ASSIGN(scene::Dressing dressing, scene::Dressing::create(twin, std::move(garments)));
    const std::vector<glm::mat4> skin = staging.skin.empty() ? twin.skeleton.rest_skin_matrices() : staging.skin;
    scene::PosedDressing posed = dressing.pose(skin);
    for (size_t i = 0; i < posed.garments.size(); ++i) {
        out.meshes.push_back(std::move(posed.garments[i]));
        out.materials.push_back(dressing.garments()[i].material);
    }
    out.report = std::move(posed.report);
    return out;
}

asset::Model with_garments(const asset::Model& model, const Dressed& dressed) {
    asset::Model out = model;
    for (size_t i = 0; i < dressed.meshes.size(); ++i) {
        asset::Mesh mesh = dressed.meshes[i];
        mesh.material = uint32_t(out.materials.size());
        out.materials.push_back(dressed.materials[i]);
        out.instances.push_back({uint32_t(out.meshes.size()), glm::mat4(1.0f), mesh.name});
        out.meshes.push_back(std::move(mesh));
    }
    return out;
}

}  // namespace twinshoot::studio
