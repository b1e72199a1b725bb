// `twinshoot twin import` (a scan becomes a twin package) and `twinshoot skeleton` (a rigged
// model's canonical joints in the normalised body frame). The work is in studio/twin_import.h and
// engine/geometry; this file parses, prints and maps errors to exit codes.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "asset/model_loader.h"
#include "cli_support.h"
#include "commands.h"
#include "exit_codes.h"
#include "geometry/body_frame.h"
#include "geometry/canonical_joints.h"
#include "geometry/normalise.h"
#include "studio/twin_import.h"

namespace twinshoot::cli {
namespace {

Result<geometry::FrameOptions> frame_options(const std::string& units, const std::string& up) {
    geometry::FrameOptions f;
    if (units != "auto") {
        if (!geometry::unit_scale(units)) return make_error(ErrorCode::Invalid, "--units: unknown unit '" + units + "'");
        f.units = units;
    }
    if (up != "auto") {
        if (up != "y" && up != "z") return make_error(ErrorCode::Invalid, "--up: '" + up + "' (auto, y or z)");
        f.up = up[0];
    }
    return f;
}

nlohmann::ordered_json vec(const glm::vec3& v) {
    auto r = [](float x) { return std::round(double(x) * 10000.0) / 10000.0; };
    return nlohmann::ordered_json::array({r(v.x), r(v.y), r(v.z)});
}

}  // namespace

int run_twin_import(const TwinImportCliOptions& o) {
    auto frame = frame_options(o.units, o.up);
    if (!frame) return fail(frame.error());
    studio::TwinImportOptions options{o.scan, o.out_dir, o.id, o.name, o.owner, *frame};
    auto report = studio::import_twin(options);
    if (!report) return fail(report.error());
    const auto& r = *report;
    if (o.json) {
        nlohmann::ordered_json j = {
            {"package", o.out_dir.string()},
            {"avatar", r.avatar.string()},
            {"avatar_sha256", r.avatar_sha256},
            {"units", r.frame.units},
            {"units_detected", r.frame.units_detected},
            {"scale", r.frame.scale},
            {"up_axis", r.frame.up_axis},
            {"facing_axis", r.frame.facing_axis},
            {"height_m", std::round(double(r.frame.height_m) * 1000.0) / 1000.0},
            {"auto_rigged", r.auto_rigged},
            {"triangles", r.triangles},
            {"vertices", r.vertices},
            {"textures", r.images},
            {"dropped_meshes", r.dropped_meshes},
            {"warnings", r.warnings}};
        if (r.rig) {
            j["legs_covered"] = r.rig->joints.landmarks.legs_covered;
            j["rig_ms"] = std::round(r.rig->fit_ms + r.rig->bind_ms);
        }
        std::printf("%s\n", j.dump(2).c_str());
        return kExitOk;
    }
    std::printf("%s: %s units (scale %g to metres%s), up %s, facing %s; %.2f m tall\n", o.scan.c_str(), r.frame.units.c_str(),
                double(r.frame.scale), r.frame.units_detected ? ", detected" : ", given", r.frame.up_axis.c_str(),
                r.frame.facing_axis.c_str(), double(r.frame.height_m));
    if (!r.dropped_meshes.empty()) std::printf("left out %zu helper meshes (MakeHuman helper-*/joint-* groups)\n", r.dropped_meshes.size());
    if (r.auto_rigged)
        std::printf("auto-rigged: 22 canonical joints, skin weights through %zu voxels, in %.0f ms%s\n", r.rig->voxels,
                    r.rig->fit_ms + r.rig->bind_ms,
                    r.rig->joints.landmarks.legs_covered ? " (legs under a dress or skirt: hips estimated)" : "");
    else std::printf("kept the scan's own rig (it maps to the canonical humanoid)\n");
    for (const auto& w : r.warnings) std::printf("warning: %s\n", w.c_str());
    std::printf("wrote %s: %s (SHA-256 %s, %zu triangles, %zu textures), twin.json, licence.json (unsigned template)\n",
                o.out_dir.c_str(), r.avatar.filename().c_str(), r.avatar_sha256.c_str(), r.triangles, r.images);
    std::printf("next: review it (twinshoot render --twin %s ... or the editor), complete licence.json, then "
                "twinshoot licence sign %s/licence.json --key OWNER.secret\n",
                o.out_dir.c_str(), o.out_dir.c_str());
    return kExitOk;
}

int run_skeleton(const std::filesystem::path& model_path, bool json) {
    auto loaded = asset::load_model(model_path);
    if (!loaded) return fail(loaded.error());
    asset::Model model = std::move(*loaded);
    if (model.skeleton.empty())
        return fail(make_error(ErrorCode::Invalid, model_path.string() + ": has no skeleton (twinshoot twin import rigs a scan)"));
    geometry::drop_helper_geometry(model);
    auto frame = geometry::detect_body_frame(geometry::body_mesh_of(model));
    if (!frame) return fail(frame.error().with_context(model_path.string()));
    geometry::normalise_model(model, *frame);
    auto joints = geometry::canonical_joints(model);
    if (!joints) return fail(joints.error().with_context(model_path.string()));
    nlohmann::ordered_json j;
    j["height_m"] = std::round(double(joints->height) * 1000.0) / 1000.0;
    j["joints"] = nlohmann::ordered_json::object();
    for (size_t b = 0; b < scene::kHumanBoneCount; ++b)
        if (joints->positions[b]) j["joints"][scene::bone_name(scene::HumanBone(b))] = vec(*joints->positions[b]);
    if (json) {
        std::printf("%s\n", j.dump(2).c_str());
        return kExitOk;
    }
    std::printf("%s: %.3f m tall (units %s, up %s, facing %s)\n", model_path.c_str(), double(joints->height),
                frame->units.c_str(), frame->up_axis.c_str(), frame->facing_axis.c_str());
    for (auto it = j["joints"].begin(); it != j["joints"].end(); ++it)
        std::printf("  %-16s %8.4f %8.4f %8.4f\n", it.key().c_str(), double((*it)[0]), double((*it)[1]), double((*it)[2]));
    return kExitOk;
}

}  // namespace twinshoot::cli
