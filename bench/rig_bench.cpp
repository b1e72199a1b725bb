// twinshoot-rig-bench: the auto-rig (engine/geometry/auto_rig.h) against professional rigs, and its
// speed. For each model: load, normalise, strip the rig (geometry only), auto-rig, and compare with
// the original rig — joint positions and posed vertices through the whole pose library, as
// fractions of body height (geometry/rig_quality.h). Unrigged models are only rigged and timed.
//
//   build/test/bench/twinshoot-rig-bench [--poses assets/poses] [--joints] [--given-joints] MODEL...
//       (--joints: also each canonical joint's offset, auto-rig minus original, in % of height;
//        --given-joints: bind on the original rig's joints instead of fitted ones, which leaves
//        only what the binding and the pose retargeting cost)
//   build/test/bench/twinshoot-rig-bench --write-scan MODEL N OUT.ply   (MODEL's body subdivided N x N,
//       millimetres, Z up, binary PLY: a raw scan for bench/scan_import_bench.sh)
// Figures and the command that made them: bench/README.md.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <glm/gtc/matrix_transform.hpp>

#include "asset/model_loader.h"
#include "asset/ply_writer.h"
#include "geometry/subdivide.h"
#include "core/stopwatch.h"
#include "geometry/auto_rig.h"
#include "geometry/body_frame.h"
#include "geometry/canonical_joints.h"
#include "geometry/normalise.h"
#include "geometry/rig_quality.h"

using namespace twinshoot;

namespace {

// Each canonical joint both rigs have: the auto-rig's position minus the original's (x to the
// body's left, y up, z forward of the normalised frame), in % of the original's height; then the
// original's own position in % of height.
void print_joint_offsets(const asset::Model& original, const asset::Model& rigged) {
    auto a = geometry::canonical_joints(original);
    auto b = geometry::canonical_joints(rigged);
    if (!a || !b) return;
    for (size_t j = 0; j < scene::kHumanBoneCount; ++j) {
        if (!a->positions[j] || !b->positions[j]) continue;
        const glm::vec3 d = (*b->positions[j] - *a->positions[j]) * (100.0f / a->height);
        const glm::vec3 o = *a->positions[j] * (100.0f / a->height);
        std::printf("      %-24s %+6.1f %+6.1f %+6.1f  |%4.1f|   at %+6.1f %6.1f %+6.1f\n", scene::bone_name(scene::HumanBone(j)), d.x,
                    d.y, d.z, glm::length(d), o.x, o.y, o.z);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[1]) == "--write-scan") {
        auto loaded = asset::load_model(argv[2]);
        if (!loaded) {
            std::fprintf(stderr, "twinshoot-rig-bench: %s\n", loaded.error().message.c_str());
            return 1;
        }
        geometry::drop_helper_geometry(*loaded);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(*loaded));
        if (!frame) {
            std::fprintf(stderr, "twinshoot-rig-bench: %s\n", frame.error().message.c_str());
            return 1;
        }
        const glm::mat4 to_mm_z_up = glm::scale(glm::rotate(glm::mat4(1.0f), glm::radians(90.0f), glm::vec3(1, 0, 0)),
                                                glm::vec3(1000.0f)) * frame->matrix();
        const geometry::BodyMesh scan = geometry::subdivide(geometry::transformed(geometry::body_mesh_of(*loaded), to_mm_z_up),
                                                            std::atoi(argv[3]));
        if (auto st = asset::write_ply(argv[4], scan.positions, scan.indices); !st) {
            std::fprintf(stderr, "twinshoot-rig-bench: %s\n", st.error().message.c_str());
            return 1;
        }
        std::printf("%s: %zu triangles, %zu vertices\n", argv[4], scan.triangle_count(), scan.positions.size());
        return 0;
    }
    std::string poses = "assets/poses";
    std::vector<std::string> models;
    bool joints = false;
    bool given = false;  // bind on the original rig's joints: what the binding and posing alone cost
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--poses" && i + 1 < argc) poses = argv[++i];
        else if (a == "--joints") joints = true;
        else if (a == "--given-joints") given = true;
        else models.push_back(a);
    }
    auto lib = scene::load_pose_library(poses);
    if (!lib) {
        std::fprintf(stderr, "twinshoot-rig-bench: %s\n", lib.error().message.c_str());
        return 1;
    }
    int failures = 0;
    std::printf("%-28s %9s %8s %8s %8s %9s %8s %10s %8s  %s\n", "model", "triangles", "rig ms", "voxels", "joint p50", "joint max",
                "rest p50", "pose p50 max", "aligned", "worst pose");
    for (const std::string& path : models) {
        auto loaded = asset::load_model(path);
        if (!loaded) {
            std::printf("%s: %s\n", path.c_str(), loaded.error().message.c_str());
            ++failures;
            continue;
        }
        asset::Model model = std::move(*loaded);
        geometry::drop_helper_geometry(model);
        auto frame = geometry::detect_body_frame(geometry::body_mesh_of(model));
        if (!frame) {
            std::printf("%s: %s\n", path.c_str(), frame.error().message.c_str());
            ++failures;
            continue;
        }
        geometry::normalise_model(model, *frame);
        asset::Model stripped = geometry::without_rig(model);
        Stopwatch clock;
        geometry::AutoRigOptions options;
        if (given && !model.skeleton.empty())
            if (auto original = geometry::canonical_joints(model)) options.given_joints = original->positions;
        auto rig = geometry::auto_rig(stripped, frame->height_m, options);
        const double rig_ms = clock.ms();
        const std::string name = path.substr(path.find_last_of('/') + 1);
        if (!rig) {
            std::printf("%-28s %s\n", name.c_str(), rig.error().message.c_str());
            ++failures;
            continue;
        }
        if (model.skeleton.empty()) {
            std::printf("%-28s %9zu %8.0f %8zu %8s\n", name.c_str(), model.triangle_count(), rig_ms, rig->voxels, "(no rig to compare)");
            continue;
        }
        auto cmp = geometry::compare_rigs(model, stripped, *lib);
        if (!cmp) {
            std::printf("%-28s %s\n", name.c_str(), cmp.error().message.c_str());
            ++failures;
            continue;
        }
        std::string worst;
        for (const auto& [pose, m] : cmp->pose_median)
            if (m == cmp->worst_pose_median) worst = pose;
        std::printf("%-28s %9zu %8.0f %8zu %8.1f%% %8.1f%% %7.2f%% %9.1f%% %7.1f%%   %s\n", name.c_str(), model.triangle_count(),
                    rig_ms, rig->voxels, 100.0 * cmp->joint_median, 100.0 * cmp->joint_max, 100.0 * cmp->rest_median,
                    100.0 * cmp->worst_pose_median, 100.0 * cmp->worst_pose_median_aligned, worst.c_str());
        for (size_t p = 0; p < cmp->pose_median.size(); ++p)
            std::printf("      %-24s %5.1f%%   aligned %5.1f%%\n", cmp->pose_median[p].first.c_str(), 100.0 * cmp->pose_median[p].second,
                        100.0 * cmp->pose_median_aligned[p].second);
        if (joints) print_joint_offsets(model, stripped);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak memory %.0f MiB\n", double(usage.ru_maxrss) / 1024.0);
    return failures ? 1 : 0;
}
