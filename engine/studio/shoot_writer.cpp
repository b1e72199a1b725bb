#include "studio/shoot_writer.h"

#include <cmath>

#include "core/file_io.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string relative_to(const fs::path& path, const fs::path& folder) {
    std::error_code ec;
    const fs::path from = folder.empty() ? fs::path(".") : folder;
    fs::path rel = fs::relative(path, from, ec);
    if (ec || rel.empty()) rel = fs::absolute(path, ec);
    return rel.generic_string();
}

// Numbers as people write them: 85, not 85.0000001.
json number(float value) {
    const double rounded = std::round(double(value) * 1000.0) / 1000.0;
    if (rounded == std::floor(rounded)) return int64_t(rounded);
    return rounded;
}

json shot_json(const ShootShot& shot, const ShootShot& first, const fs::path& folder) {
    json s = {{"id", shot.id}, {"twin", shot.twin_id}};
    json garments = json::array();
    for (const ShootGarment& g : shot.garments) {
        json garment = {{"id", g.id}};
        if (!g.colourway.empty()) garment["colourway"] = g.colourway;
        if (g.layer) garment["layer"] = *g.layer;
        garments.push_back(std::move(garment));
    }
    s["garments"] = std::move(garments);
    if (!shot.pose.empty())
        s["pose"] = fs::path(shot.pose).extension() == ".json" ? relative_to(shot.pose, folder) : shot.pose;
    s["camera"] = {{"framing", scene::framing_name(shot.camera.framing)},
                   {"yaw", number(shot.camera.yaw_degrees)},
                   {"pitch", number(shot.camera.pitch_degrees)},
                   {"focal_length_mm", number(shot.camera.focal_length_mm)}};
    bool preset = false;
    for (const FormatPreset& p : format_presets()) preset = preset || shot.format == p.name;
    if (preset) s["format"] = shot.format;
    else s["size"] = {shot.size.width, shot.size.height};
    s["lights"] = shot.look.lights;
    if (!shot.look.environment.empty())
        s["environment"] = shot.look.environment == "studio" ? std::string("studio") : relative_to(shot.look.environment, folder);
    if (shot.look.ev100) s["ev100"] = number(*shot.look.ev100);
    if (!shot.look.tone_mapping.empty()) s["tone_mapping"] = shot.look.tone_mapping;
    s["background"] = shot.background;
    if (shot.seat != ShootShot{}.seat) s["seat"] = shot.seat;
    if (shot.use != first.use) s["use"] = consent::use_name(shot.use);
    if (shot.territories != first.territories) s["territories"] = shot.territories;
    return s;
}

}  // namespace

json shoot_json(const Shoot& shoot, const fs::path& file) {
    assert(!shoot.shots.empty() && "a shoot file holds at least one shot");
    const fs::path folder = file.parent_path();
    json doc = {{"shoot", shoot.name}};
    if (!shoot.description.empty()) doc["description"] = shoot.description;
    doc["brand"] = shoot.brand;
    const ShootShot& first = shoot.shots.front();
    doc["use"] = consent::use_name(first.use);
    doc["territories"] = first.territories;
    if (shoot.date_given) doc["date"] = shoot.date.str();
    if (!shoot.libraries.empty()) {
        json libraries = json::array();
        for (const fs::path& l : shoot.libraries) libraries.push_back(relative_to(l, folder));
        doc["library"] = std::move(libraries);
    }
    doc["poses"] = relative_to(shoot.poses, folder);
    json shots = json::array();
    for (const ShootShot& shot : shoot.shots) shots.push_back(shot_json(shot, first, folder));
    doc["shots"] = std::move(shots);
    return doc;
}

Status save_shoot(const Shoot& shoot, const fs::path& file) {
    const std::string text = shoot_json(shoot, file).dump(2) + "\n";
    return write_file_atomic(file, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace twinshoot::studio
