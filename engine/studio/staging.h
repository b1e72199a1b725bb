// Staging a shot: posing and framing a model (measuring the pose's joint angles on the way, for the
// licence's joint limits), and fitting garment packages onto a posed twin. Shared by every client
// (CLI, batch, editor) through studio/twin_shot.h; nothing here renders.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "asset/model.h"
#include "scene/camera.h"
#include "scene/dressing.h"
#include "scene/pose.h"
#include "scene/joint_angles.h"
#include "scene/package.h"
#include "scene/pose_file.h"
#include "scene/seat.h"
#include "studio/asset_cache.h"

namespace twinshoot::studio {

// How a model is posed and framed: skin matrices (empty: rest pose) and the view direction.
struct Staging {
    std::vector<glm::mat4> skin;
    scene::FramingOptions framing;
    std::string pose_name = "rest";  // pose name, "rest", or "clip:NAME@SECONDS"
    std::vector<std::string> pose_tags;
    std::optional<scene::JointAngles> angles;  // measured on the posed rig (rigged humanoids only)
    // What a seated pose sits the twin on (scene/seat.h): drawn as a stool, and what hanging cloth
    // rests on. Model space.
    std::optional<asset::ClothSupport> seat;
};

// A rigged humanoid in `pose`, framed from where it faces. `bone_map` as in twin.json.
Result<Staging> stage_pose(const asset::Model& model, const scene::Pose& pose,
                           const std::map<std::string, std::string>& bone_map);

// `spec` is a pose file (.json), a pose name in the library at `poses` (read through `cache`), or
// clip:NAME@SECONDS; empty = rest pose. Models that are not rigged humanoids are framed from the
// front (+Z) and cannot be posed.
Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what,
                      AssetCache& cache);
// The same with a cache of its own (one-off commands).
Result<Staging> stage(const asset::Model& model, const std::string& spec, const std::filesystem::path& poses,
                      const std::map<std::string, std::string>& bone_map, const std::string& what);

// Loads each "DIR[:COLOURWAY]" (no colourway: the package default); errors name the file. Garment
// ids must be distinct.
Result<std::vector<GarmentChoice>> load_garments(const std::vector<std::string>& specs, AssetCache& cache);

// Garments on a posed twin: poses the bound garments with `staging.skin` (rest pose when empty) and
// resolves penetration. Returns the posed garments as rigid meshes with the materials of the
// chosen colourways, and the fit report when `measures` asks for it (scene::FitMeasures).
struct Dressed {
    std::vector<asset::Mesh> meshes;
    std::vector<asset::Material> materials;
    std::vector<scene::GarmentFitReport> report;
    // Per twin mesh, the triangles left to draw under these garments (scene::Dressing::shown_body).
    std::vector<std::shared_ptr<const std::vector<uint32_t>>> body_shown;
};
Result<Dressed> dress(const BoundGarments& bound, const std::vector<GarmentChoice>& garments, const Staging& staging,
                      scene::FitMeasures measures);
// Fits the bound garments in `staging`'s pose into the binding's memo (studio/posed_garments.h) so
// that a later dress() of this pose, with FitMeasures::Skip, finds them fitted. Thread-safe: a shoot
// calls it on a worker for the next shot while the current one renders.
void prefit(const BoundGarments& bound, const Staging& staging);
// `model` plus dressed garments, ready to render; the skin they cover is left out.
asset::Model with_garments(const asset::Model& model, const Dressed& dressed);

// The seat `staging` found (if any), shown as `prop` says (scene::add_stool: a block from `floor`,
// the subject's lowest point, up to the seat), appended to `model`. Returns `subject` (the posed
// subject's bounds, model space) grown by what was added: what casts shadows. Every client draws
// the seat through this: the twin shots and the bare-model render alike.
asset::Aabb add_seat(asset::Model& model, const Staging& staging, const scene::SeatProp& prop, const asset::Aabb& subject);

}  // namespace twinshoot::studio
