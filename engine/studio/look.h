// Look: how a shot is lit and exposed, as shoot files and the CLI name it — a light rig preset
// (scene/light_rig.h), optionally another environment (an equirectangular .hdr, or "studio"),
// an EV100 exposure and a tone mapper ("pbr-neutral", "aces"). resolve() turns it into
// scene::Lighting. validate() checks names and that an environment file is a usable panorama, so
// a shoot is refused before anything renders; its errors name the file and the reason.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "scene/lighting.h"

namespace twinshoot::studio {

struct Look {
    std::string lights = "studio-soft";
    std::filesystem::path environment;  // empty: the rig's own; "studio": the generated studio; else a .hdr
    std::optional<float> ev100;         // empty: the rig's
    std::string tone_mapping;           // empty: the rig's (pbr-neutral)
};

std::optional<scene::ToneMapper> tone_mapper_from_name(std::string_view name);

// Names and the environment file; `what` prefixes messages about names ("demo.json: $.shots[2]").
Status validate(const Look& look, const std::string& what);
// The lighting of a (validated) look; an unknown rig falls back to the default (validate first).
scene::Lighting resolve(const Look& look);

}  // namespace twinshoot::studio
