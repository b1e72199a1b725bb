// `twinshoot render` and `twinshoot devices`.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "asset/importer.h"
#include "asset/model_loader.h"
#include "commands.h"
#include "core/stopwatch.h"
#include "exit_codes.h"
#include "scene/package.h"
#include "scene/shot_camera.h"
#include "cli_support.h"
#include "core/version.h"
#include "studio/delivery.h"
#include "studio/shoot_file.h"
#include "view/gpu_cloth.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

namespace {

std::string fixed3(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

Result<scene::SeatProp> parse_seat(const std::string& text) {
    const auto seat = studio::parse_seat_prop(text);
    if (!seat) return make_error(ErrorCode::Invalid, "--seat: '" + text + "' (stool, \"stool #RRGGBB\" or none)");
    return *seat;
}

// A twin renders only as a licensed shot, delivered like any shot of a shoot: decided, rendered
// with its disclosure label, recorded in the ledger and labelled with XMP provenance.
int render_twin(const RenderOptions& options, const CommonOptions& common, view::RenderSize size) {
    studio::ShotSpec spec{.twin = options.twin, .garments = options.garments, .pose = options.pose, .poses = options.poses};
    if (auto s = apply_request_options(options.request, spec); !s) return fail(s.error());
    auto look = look_from_options(common);
    if (!look) return fail(look.error());
    spec.lighting = studio::resolve(*look);
    if (!options.background.empty()) {
        const auto backdrop = studio::parse_backdrop(options.background);
        if (!backdrop)
            return fail(make_error(ErrorCode::Invalid, "--background: '" + options.background +
                                                           "' (#RRGGBB, transparent, environment or cyclorama [#FLOOR [#TOP]])"));
        spec.backdrop = *backdrop;
    }
    const auto seat = parse_seat(options.seat);
    if (!seat) return fail(seat.error());
    spec.seat = *seat;
    const auto framing = scene::parse_framing(options.framing);
    if (!framing) return fail(make_error(ErrorCode::Invalid, "--framing: unknown framing '" + options.framing + "'"));
    spec.camera = {.framing = *framing, .yaw_degrees = options.yaw, .pitch_degrees = options.pitch,
                   .focal_length_mm = options.focal_length_mm};
    if (options.output.extension() != ".png")
        return fail(make_error(ErrorCode::Invalid, options.output.string() + ": output must be a .png file"));
    std::error_code ec;
    const fs::path folder = options.output.parent_path().empty() ? fs::path(".") : options.output.parent_path();
    if (!fs::is_directory(folder, ec))
        return fail(make_error(ErrorCode::Io, options.output.string() + ": cannot write here (no folder " + folder.string() + ")"));
    if (fs::exists(options.output, ec))
        return fail(make_error(ErrorCode::Invalid, options.output.string() + ": already exists (a delivered image is never overwritten)"));
    auto trust = consent::TrustStore::load(trust_folder(options.request.trust));
    if (!trust) return fail(trust.error());
    Stopwatch timer;
    auto shot = studio::TwinShot::prepare(spec);
    if (!shot) return fail(shot.error());
    // Decide first (uses so far from the ledger, if there is one yet): a refusal opens nothing.
    const fs::path ledger_path = ledger_path_of(options.request);
    if (auto s = count_uses(ledger_path, *shot); !s) return fail(s.error());
    const consent::Decision decision = consent::PolicyEvaluator(*trust).evaluate(shot->licence(), shot->request());
    if (!decision.granted())
        return fail(make_error(ErrorCode::Refused, shot->licence_path().string() + ": " + decision.summary()));
    auto ledger = consent::Ledger::open(ledger_path);
    if (!ledger) return fail(ledger.error());
    auto gpu = open_gpu(common);
    if (!gpu) return fail(gpu.error());
    const studio::DeliveryContext context{.shoot = "render", .run_id = studio::new_run_id(),
                                          .shot_id = options.output.stem().string(), .creator_tool = kRendererName,
                                          .renderer = std::string(kRendererName) + " on " + (*gpu)->device().info().name};
    auto delivered = studio::deliver_shot(*shot, *trust, *ledger, (*gpu)->renderer(), size, context, options.output);
    if (!delivered) return fail(delivered.error().with_context(options.output.string()));
    if (!delivered->delivered) {
        consent::Decision refused = consent::PolicyEvaluator(*trust).evaluate(shot->licence(), shot->request());
        return fail(make_error(ErrorCode::Refused, shot->licence_path().string() + ": " + refused.summary()));
    }
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: wrote %s (%ux%u, %zu triangles, %.0f ms); %s; ledger %s row %lld\n",
                     options.output.c_str(), size.width, size.height, delivered->triangles, timer.ms(),
                     decision.summary().c_str(), ledger->path().c_str(), static_cast<long long>(delivered->row->seq));
    return kExitOk;
}

}  // namespace

int run_render(const RenderOptions& options, const CommonOptions& common) {
    auto size = parse_size(options.size);
    if (!size) return fail(size.error());
    if (!options.twin.empty()) return render_twin(options, common, *size);
    if (!options.background.empty() || options.framing != "full-body" || options.focal_length_mm != 85.0f)
        return fail(make_error(ErrorCode::Invalid, "--background, --framing and --focal-length need --twin"));
    const auto seat = parse_seat(options.seat);
    if (!seat) return fail(seat.error());
    const fs::path model_path = options.model;
    if (!asset::is_supported_model_extension(model_path))
        return fail(make_error(ErrorCode::Unsupported,
                               model_path.string() + ": unsupported model extension '" + model_path.extension().string() +
                                   "' (expected " + asset::supported_model_extensions() + ")"));
    std::error_code ec;
    if (!fs::exists(model_path, ec)) return fail(make_error(ErrorCode::Io, model_path.string() + ": file not found"));
    if (options.output.extension() != ".png")
        return fail(make_error(ErrorCode::Invalid, options.output.string() + ": output must be a .png file"));
    // Open the output first: an unwritable destination fails before any work, and nothing is left
    // behind unless the whole render succeeds.
    auto output = AtomicFile::create(options.output);
    if (!output) return fail(output.error());

    Stopwatch timer;
    auto model = asset::load_model(model_path);
    if (!model) return fail(model.error());
    for (const auto& warning : model->warnings) std::fprintf(stderr, "twinshoot: warning: %s\n", warning.c_str());
    if (model->trimmed_influence_vertices > 0)
        std::fprintf(stderr, "twinshoot: note: %s: %u vertices had more than %u joint influences; the lightest were "
                     "dropped and the rest renormalised\n", model_path.c_str(), model->trimmed_influence_vertices,
                     asset::kMaxInfluences);
    const double import_ms = timer.ms();
    auto staging = studio::stage(*model, options.pose, options.poses, {}, model_path.string());
    if (!staging) return fail(staging.error());
    // A model is seen from the front its rig faces, turned round it by --yaw and raised by --pitch.
    staging->framing.direction = scene::turned_direction(staging->framing.direction, options.yaw, options.pitch);
    if (!options.garments.empty())
        return fail(make_error(ErrorCode::Invalid, "--garment needs --twin (garments are fitted to a twin)"));

    auto look = look_from_options(common);
    if (!look) return fail(look.error());
    auto gpu = open_gpu(common);
    if (!gpu) return fail(gpu.error());
    timer.restart();
    if (auto status = render_to(**gpu, *model, *size, *output, studio::resolve(*look), *staging, *seat); !status)
        return fail(status.error().with_context(options.output.string()));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: wrote %s (%ux%u, %zu triangles; import %.0f ms, render %.0f ms)\n",
                     options.output.c_str(), size->width, size->height, model->triangle_count(), import_ms, timer.ms());
    return kExitOk;
}

int run_fit(const RenderOptions& options, bool json, bool settle, bool settle_on_gpu, std::optional<uint32_t> device) {
    // Fitting draws nothing, so it needs no licence: the twin is loaded without one.
    auto loaded = std::make_shared<studio::LoadedTwin>();
    auto twin = scene::load_twin(options.twin);
    if (!twin) return fail(twin.error());
    loaded->package = *twin;
    auto model = asset::load_model(twin->avatar);
    if (!model) return fail(model.error());
    loaded->model = std::move(*model);
    scene::DressingOptions dressing{.settle = settle ? scene::Settle::All : scene::Settle::Hanging};
    if (settle_on_gpu) {
        auto gpu = view::GpuClothDevice::open({.device_index = device});
        if (!gpu) return fail(gpu.error());
        dressing.solver = std::move(*gpu);
    }
    studio::AssetCache cache(dressing);
    auto staging = studio::stage(loaded->model, options.pose, options.poses, twin->bone_map, twin->avatar.string(), cache);
    if (!staging) return fail(staging.error());
    auto garments = studio::load_garments(options.garments, cache);
    if (!garments) return fail(garments.error());
    Stopwatch timer;
    auto bound = cache.bind(loaded, *garments);
    if (!bound) return fail(bound.error());
    auto dressed = studio::dress(**bound, *garments, *staging, scene::FitMeasures::Compute);
    if (!dressed) return fail(dressed.error());
    const double ms = timer.ms();
    if (json) {
        nlohmann::json report{{"twin", twin->id}, {"pose", options.pose.empty() ? "rest" : options.pose}, {"ms", std::round(ms)},
                              {"garments", nlohmann::json::array()}};
        for (const auto& r : dressed->report)
            report["garments"].push_back({{"id", r.id},
                                          {"vertices", r.vertices},
                                          {"inside_before", r.inside_before},
                                          {"inside_after", r.inside_after},
                                          {"strain_p99", r.strain_p99},
                                          {"body_strain_p99", r.body_strain_p99 ? nlohmann::json(*r.body_strain_p99) : nlohmann::json()},
                                          {"gap_p95_m", r.gap_p95_m},
                                          {"flipped_triangles", r.flipped_triangles},
                                          {"creased_skinned", r.creased_skinned},
                                          {"creased_after", r.creased_after},
                                          {"self_crossings_rest", r.self_crossings_rest},
                                          {"self_crossings_skinned", r.self_crossings_skinned},
                                          {"self_crossings_after", r.self_crossings_after},
                                          {"layer_crossings_after", r.layer_crossings_after},
                                          {"settled", r.settled},
                                          {"settled_on", r.settled ? nlohmann::json(r.settled_on) : nlohmann::json()},
                                          {"settle_ms", r.settle_ms}});
        std::printf("%s\n", report.dump(2).c_str());
    } else {
        for (const auto& r : dressed->report)
            std::printf("%-24s %7zu vertices  inside before %6.2f%%  after %6.2f%%  strain p99 %5.3f (skin under it %s)  gap p95 %5.3f m"
                        "  flipped %zu  creased %.2f%% (skinned %.2f%%)  through itself %zu edges (skinned %zu, rest %zu)  through the layers under it %zu  %s\n",
                        r.id.c_str(), r.vertices, 100.0 * r.inside_before, 100.0 * r.inside_after, r.strain_p99,
                        r.body_strain_p99 ? fixed3(*r.body_strain_p99).c_str() : "not measured", r.gap_p95_m,
                        r.flipped_triangles, 100.0 * r.creased_after, 100.0 * r.creased_skinned, r.self_crossings_after,
                        r.self_crossings_skinned, r.self_crossings_rest, r.layer_crossings_after,
                        r.settled ? ("settled in " + std::to_string(int(std::lround(r.settle_ms))) + " ms on " + r.settled_on).c_str()
                                  : "not settled");
        std::printf("(bind + transfer + pose + settle%s: %.0f ms)\n", settle ? " of every garment" : " of hanging garments", ms);
    }
    return kExitOk;
}

int run_check(const RenderOptions& options) {
    studio::ShotSpec spec{.twin = options.twin, .garments = options.garments, .pose = options.pose, .poses = options.poses};
    if (auto s = apply_request_options(options.request, spec); !s) return fail(s.error());
    auto trust = consent::TrustStore::load(trust_folder(options.request.trust));
    if (!trust) return fail(trust.error());
    auto shot = studio::TwinShot::prepare(spec);
    if (!shot) return fail(shot.error());
    if (auto s = count_uses(ledger_path_of(options.request), *shot); !s) return fail(s.error());
    return report_decision(consent::PolicyEvaluator(*trust).evaluate(shot->licence(), shot->request()), *shot);
}

int run_devices(const CommonOptions& common) {
    auto instance = render::Instance::create({.validation = common.validation});
    if (!instance) return fail(instance.error());
    auto devices = render::enumerate_physical_devices(instance->handle(), false);
    if (!devices) return fail(devices.error());
    auto chosen = render::choose_device(*devices, common.device);
    for (size_t i = 0; i < devices->size(); ++i) {
        const auto& d = (*devices)[i];
        std::printf("%s %u: %s%s\n", chosen && *chosen == i ? "*" : " ", d.index, render::describe_device(d).c_str(),
                    d.suitable ? "" : (" — unsuitable: " + d.unsuitable_reason).c_str());
    }
    if (!chosen) return fail(chosen.error());
    std::printf("(* = the device twinshoot uses; pick another with --device N)\n");
    return kExitOk;
}

}  // namespace twinshoot::cli
