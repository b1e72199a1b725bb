#include "studio/staging.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "scene/garment_binding.h"
#include "scene/humanoid.h"
#include "scene/seat.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "asset/importer.h"

namespace twinshoot::studio {
namespace {

// The seat a seated pose implies (scene/seat.h), looked for only where the thighs are raised.
void find_seat(Staging& staging, const asset::Model& model, const scene::HumanoidMap& map) {
    const std::optional<scene::SeatJoints> joints = scene::seat_joints(map);
    if (!joints || staging.skin.empty() || scene::seat_raised(model.skeleton, *joints, staging.skin) < 0.5f) return;
    const asset::Mesh body = scene::body_surface(model, staging.skin);
    if (const std::optional<scene::Seat> seat = scene::seat_of(model.skeleton, *joints, staging.skin, body))
        staging.seat = seat->support;
}

}  // namespace

Result<Staging> stage_pose(const asset::Model& model, const scene::Pose& pose,
                           const std::map<std::string, std::string>& bone_map) {
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton, bone_map));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model, map));
    Staging staging;
    staging.framing.direction = map.forward;
    const auto locals = rig.apply(pose);
    staging.skin = model.skeleton.skin_matrices(model.skeleton.world_transforms(locals));
    staging.pose_name = pose.name;
    staging.pose_tags = pose.tags;
    staging.angles = scene::measure_joint_angles(rig, locals);
    find_seat(staging, model, map);
    return staging;
}

Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what,
                      AssetCache& cache) {
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
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model, *map));
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
            find_seat(staging, model, *map);
            return staging;
        }
        return make_error(ErrorCode::Invalid, what + ": no animation clip named \"" + name + "\" (available: " +
                                                  (available.empty() ? "none" : available) + ")");
    }
    Result<scene::Pose> pose = make_error(ErrorCode::Invalid, "");
    if (std::filesystem::path(spec).extension() == ".json") {
        pose = scene::load_pose(spec);
    } else {
        TS_TRY_ASSIGN(std::shared_ptr<const scene::PoseLibrary> library, cache.poses(poses));
        const scene::Pose* found = library->find(spec);
        if (!found) return make_error(ErrorCode::Invalid, poses.string() + ": no pose named \"" + spec + "\"");
        pose = *found;
    }
    if (!pose) return pose.error();
    return stage_pose(model, *pose, bone_map);
}

Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what) {
    AssetCache cache;
    return stage(model, spec, poses, bone_map, what, cache);
}

Result<std::vector<GarmentChoice>> load_garments(const std::vector<std::string>& specs, AssetCache& cache) {
    std::vector<GarmentChoice> out;
    for (const std::string& spec : specs) {
        TS_TRY_ASSIGN(GarmentChoice choice, cache.garment_choice(spec));
        for (const GarmentChoice& earlier : out)
            if (earlier.package->id == choice.package->id)
                return make_error(ErrorCode::Invalid, spec + ": garment '" + choice.package->id + "' is worn twice");
        out.push_back(std::move(choice));
    }
    return out;
}

namespace {
std::vector<glm::mat4> pose_skin(const BoundGarments& bound, const Staging& staging) {
    return staging.skin.empty() ? bound.twin->model.skeleton.rest_skin_matrices() : staging.skin;
}
}  // namespace

void prefit(const BoundGarments& bound, const Staging& staging) { bound.posed->pose(bound.dressing, pose_skin(bound, staging)); }

Result<Dressed> dress(const BoundGarments& bound, const std::vector<GarmentChoice>& choices, const Staging& staging,
                      scene::FitMeasures measures) {
    Dressed out;
    if (choices.empty()) return out;
    const std::vector<glm::mat4> skin = pose_skin(bound, staging);
    // Renders share the pose's fit with every shot of this look in this pose; measures are fresh.
    scene::PosedDressing posed = measures == scene::FitMeasures::Compute ? bound.dressing.pose(skin, measures)
                                                                          : *bound.posed->pose(bound.dressing, skin);
    for (size_t i = 0; i < posed.garments.size(); ++i) {
        asset::Material material = bound.dressing.garments()[i]->garment.material;
        for (const GarmentChoice& choice : choices) {
            if (choice.package->id != bound.dressing.garments()[i]->garment.id) continue;
            const scene::Colourway& colourway = choice.colourway;
            material.name = choice.package->id + ":" + colourway.name;
            if (colourway.base_color) material.base_color = glm::vec4(*colourway.base_color, 1.0f);
            if (colourway.roughness) material.roughness = *colourway.roughness;
            if (colourway.sheen_color) {
                material.sheen_color = *colourway.sheen_color;
                material.sheen_roughness = colourway.sheen_roughness.value_or(0.5f);
            }
        }
        out.meshes.push_back(std::move(posed.garments[i]));
        out.materials.push_back(std::move(material));
    }
    out.report = std::move(posed.report);
    out.body_shown = bound.dressing.shown_body();
    return out;
}

asset::Model with_garments(const asset::Model& model, const Dressed& dressed) {
    asset::Model out = model;
    for (size_t m = 0; m < std::min(out.meshes.size(), dressed.body_shown.size()); ++m)
        if (dressed.body_shown[m]) out.meshes[m].indices = *dressed.body_shown[m];
    for (size_t i = 0; i < dressed.meshes.size(); ++i) {
        asset::Mesh mesh = dressed.meshes[i];
        mesh.material = uint32_t(out.materials.size());
        out.materials.push_back(dressed.materials[i]);
        out.instances.push_back({uint32_t(out.meshes.size()), glm::mat4(1.0f), mesh.name});
        out.meshes.push_back(std::move(mesh));
    }
    return out;
}

asset::Aabb add_seat(asset::Model& model, const Staging& staging, const scene::SeatProp& prop, const asset::Aabb& subject) {
    asset::Aabb casters = subject;
    if (!staging.seat || !prop.drawn || !(staging.seat->top > subject.min.y)) return casters;
    const asset::ClothSupport& seat = *staging.seat;
    scene::add_stool(model, seat, subject.min.y, prop.colour);
    casters.extend({seat.min_x, subject.min.y, seat.min_z});
    casters.extend({seat.max_x, seat.top, seat.max_z});
    return casters;
}

}  // namespace twinshoot::studio
