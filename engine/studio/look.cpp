#include "studio/look.h"

#include "asset/hdr_image.h"
#include "scene/light_rig.h"

namespace twinshoot::studio {

std::optional<scene::ToneMapper> tone_mapper_from_name(std::string_view name) {
    if (name == "pbr-neutral") return scene::ToneMapper::PbrNeutral;
    if (name == "aces") return scene::ToneMapper::Aces;
    return std::nullopt;
}

Status validate(const Look& look, const std::string& what) {
    if (!scene::light_rig(look.lights)) {
        std::string names;
        for (const auto& n : scene::light_rig_names()) names += (names.empty() ? "" : ", ") + n;
        return make_error(ErrorCode::Invalid, what + ": unknown light rig \"" + look.lights + "\" (one of: " + names + ")");
    }
    if (!look.tone_mapping.empty() && !tone_mapper_from_name(look.tone_mapping))
        return make_error(ErrorCode::Invalid,
                          what + ": unknown tone mapping \"" + look.tone_mapping + "\" (one of: pbr-neutral, aces)");
    if (look.ev100 && !(*look.ev100 >= -6.0f && *look.ev100 <= 24.0f))
        return make_error(ErrorCode::Invalid, what + ": EV100 must be -6 .. 24");
    if (!look.environment.empty() && look.environment != "studio") {
        auto image = asset::load_hdr(look.environment);  // names the file and the reason
        if (!image) return image.error();
    }
    return {};
}

scene::Lighting resolve(const Look& look) {
    scene::Lighting lighting = scene::light_rig(look.lights).value_or(scene::default_lighting());
    if (look.environment == "studio") {
        lighting.environment.source = scene::EnvironmentSource::Studio;
    } else if (!look.environment.empty()) {
        lighting.environment.source = scene::EnvironmentSource::File;
        lighting.environment.hdr_path = look.environment;
    }
    if (look.ev100) lighting.ev100 = *look.ev100;
    if (auto mapper = tone_mapper_from_name(look.tone_mapping)) lighting.tone_mapper = *mapper;
    return lighting;
}

}  // namespace twinshoot::studio
