#include "cli_support.h"

#include <cstdio>
#include <cstdlib>
#include <regex>

#include "asset/png_writer.h"
#include "consent/ledger.h"
#include "exit_codes.h"

namespace twinshoot::cli {
namespace fs = std::filesystem;

int fail(const Error& error) {
    std::fprintf(stderr, "twinshoot: error: %s\n", error.message.c_str());
    switch (error.code) {
        case ErrorCode::Io:
        case ErrorCode::Parse:
        case ErrorCode::Unsupported:
        case ErrorCode::Invalid: return kExitBadInput;
        case ErrorCode::Refused: return kExitRefused;
        default: return kExitEnvironment;
    }
}

Result<std::unique_ptr<view::GpuContext>> open_gpu(const CommonOptions& common) {
    TS_TRY_ASSIGN(auto gpu, view::GpuContext::open({.device_index = common.device, .validation = common.validation, .msaa = common.msaa,
                                                   .supersample = common.supersample}));
    if (!common.quiet)
        std::fprintf(stderr, "twinshoot: device %u: %s, %ux MSAA%s\n", gpu->device().info().index,
                     render::describe_device(gpu->device().info()).c_str(), unsigned(gpu->renderer().samples()),
                     gpu->instance().validation_enabled() ? " (validation on)" : "");
    return gpu;
}

Result<view::RenderSize> parse_size(const std::string& text) {
    static const std::regex pattern(R"(^([0-9]{1,5})x([0-9]{1,5})$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern))
        return make_error(ErrorCode::Invalid, "--size '" + text + "': expected WIDTHxHEIGHT, e.g. 1080x1350");
    const uint32_t w = uint32_t(std::stoul(match[1])), h = uint32_t(std::stoul(match[2]));
    if (w < 16 || h < 16 || w > 8192 || h > 8192)
        return make_error(ErrorCode::Invalid, "--size '" + text + "': each side must be 16..8192 pixels");
    return view::RenderSize{w, h};
}

fs::path trust_folder(const fs::path& option) {
    if (!option.empty()) return option;
    if (const char* env = std::getenv("TWINSHOOT_TRUST"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "twinshoot" / "trust";
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : ".") / ".config" / "twinshoot" / "trust";
}

Status apply_request_options(const RequestOptions& options, studio::ShotSpec& spec) {
    if (options.brand.empty()) return make_error(ErrorCode::Invalid, "--brand is required: the licence decides per brand");
    spec.brand = options.brand;
    const auto use = consent::use_from_name(options.use);
    if (!use) {
        std::string names;
        for (consent::Use u : consent::all_uses()) names += (names.empty() ? "" : ", ") + std::string(consent::use_name(u));
        return make_error(ErrorCode::Invalid, "--use '" + options.use + "': expected one of " + names);
    }
    spec.use = *use;
    if (options.territories.empty()) return make_error(ErrorCode::Invalid, "--territory is required (ISO 3166-1 alpha-2, EU or WORLD)");
    spec.territories = options.territories;
    if (!options.date.empty()) {
        const auto date = consent::Date::parse(options.date);
        if (!date) return make_error(ErrorCode::Invalid, "--date '" + options.date + "': expected YYYY-MM-DD");
        spec.date = *date;
    }
    if (!options.licence.empty()) spec.licence = options.licence;
    return {};
}

fs::path ledger_path_of(const RequestOptions& options) {
    return options.ledger.empty() ? consent::Ledger::default_path() : options.ledger;
}

Status count_uses(const fs::path& path, studio::TwinShot& shot) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    TS_TRY_ASSIGN(consent::Ledger ledger, consent::Ledger::open_read_only(path));
    TS_TRY_ASSIGN(shot.request().uses_made, ledger.uses(shot.licence_id()));
    return {};
}

int report_decision(const consent::Decision& decision, const studio::TwinShot& shot) {
    const consent::UsageRequest& r = shot.request();
    std::string garments;
    for (const auto& g : r.garments) garments += (garments.empty() ? "" : ", ") + g.id + " (" + g.category + ")";
    std::string territories;
    for (const auto& t : r.territories) territories += (territories.empty() ? "" : ",") + t;
    std::printf("twin %s, brand '%s', use %s, territory %s, %s; garments: %s; pose '%s'\n", r.twin_id.c_str(), r.brand.c_str(),
                consent::use_name(r.use), territories.c_str(), r.date.str().c_str(), garments.empty() ? "none" : garments.c_str(),
                r.pose.name.c_str());
    std::printf("licence %s: %s\n", shot.licence_path().c_str(), decision.summary().c_str());
    return decision.granted() ? kExitOk : kExitRefused;
}

Status write_png(const asset::ImageRgba8& image, AtomicFile& output) {
    TS_TRY_ASSIGN(auto png, asset::encode_png(image));
    TS_TRY(output.write(png));
    return output.commit();
}

studio::Look overlay_look(const CommonOptions& common, studio::Look look) {
    if (!common.lights.empty()) look.lights = common.lights;
    if (!common.environment.empty()) look.environment = common.environment;
    if (!common.tone_mapping.empty()) look.tone_mapping = common.tone_mapping;
    if (common.ev100) look.ev100 = common.ev100;
    return look;
}

Result<studio::Look> look_from_options(const CommonOptions& common, studio::Look base) {
    const studio::Look look = overlay_look(common, std::move(base));
    TS_TRY(studio::validate(look, "--lights/--env/--ev100/--tone-map"));
    return look;
}

Status render_to(view::GpuContext& gpu, const asset::Model& model, view::RenderSize size, AtomicFile& output,
                 const scene::Lighting& lighting, const studio::Staging& staging, const scene::SeatProp& seat) {
    // Framed by the figure alone; the seat (if the pose implies one) is drawn under it.
    const asset::Aabb bounds = staging.skin.empty() ? model.bounds() : model.bounds(staging.skin);
    std::optional<asset::Model> seated;
    view::FrameSettings settings{.shadow_casters = bounds};  // the posed figure, with its seat when drawn
    if (staging.seat && seat.drawn) {
        seated.emplace(model);
        settings.shadow_casters = studio::add_seat(*seated, staging, seat, bounds);
    }
    TS_TRY_ASSIGN(view::GpuModel uploaded, gpu.renderer().upload(seated ? *seated : model));
    if (!staging.skin.empty()) view::set_skin_matrices(uploaded, staging.skin);
    const scene::Camera camera = scene::frame_bounds(bounds, size.aspect(), staging.framing);
    TS_TRY_ASSIGN(asset::ImageRgba8 image, gpu.renderer().render(uploaded, camera, lighting, size, settings));
    return write_png(image, output);
}

}  // namespace twinshoot::cli
