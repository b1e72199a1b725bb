// Shoot files: a whole campaign shoot as JSON (schema and example in docs/shoots.md).
//
//   { "shoot": "autumn-drop", "brand": "Demo Brand", "use": "social", "territories": ["FR", "DE"],
//     "date": "2026-11-24",                      optional, default today (UTC)
//     "library": ["../assets"],                  folders holding twins/ID and garments/ID (optional)
//     "poses": "../poses",                       pose library folder (optional)
//     "defaults": { ...any shot field but id... },
//     "shots": [ { "id": "ava-walk", "twin": "demo-ava",
//                  "garments": [{"id": "demo-ava-tee", "colourway": "navy", "layer": 1}],   inner first
//                  "pose": "walking",
//                  "camera": {"framing": "full-body", "yaw": 0, "pitch": 0, "focal_length_mm": 85},
//                  "format": "instagram-portrait" | "size": [1080, 1350],
//                  "lights": "studio-soft", "background": "#EDEDF0" | "transparent" | "environment" | "cyclorama [#FLOOR [#TOP]]",
//                  "environment": "studio" | "env/loft.hdr", "ev100": 10, "tone_mapping": "aces",
//                  "use": "ecommerce", "territories": ["FR"] } ] }   per-shot use / territories override
//
// Paths in the file are relative to the file's folder; libraries given on the command line are
// searched first. load_shoot validates the whole file before anything is rendered: types, ranges,
// unique shot ids (they name the output files: [a-z0-9][a-z0-9._-]*, up to 64), that every twin,
// garment, colourway and pose exists. Every error names the file and the JSON path
// ("demo.json: $.shots[3].camera.yaw: expected a number -180..180").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scene/backdrop.h"
#include "consent/date.h"
#include "consent/licence.h"
#include "core/result.h"
#include "core/sha256.h"
#include "scene/shot_camera.h"
#include "studio/asset_cache.h"
#include "studio/look.h"
#include "studio/twin_shot.h"
#include "view/offscreen_renderer.h"

namespace twinshoot::studio {

struct FormatPreset {
    const char* name;
    uint32_t width, height;
};
const std::vector<FormatPreset>& format_presets();  // instagram-portrait 1080x1350, ...

struct ShootGarment {
    std::string id;
    std::string colourway;  // empty: the package default
    std::optional<int> layer;
    std::filesystem::path folder;
};

struct ShootShot {
    std::string id;
    std::string json_path;  // "$.shots[3]", for messages
    std::string twin_id;
    std::filesystem::path twin_folder;
    std::vector<ShootGarment> garments;
    std::string pose;  // empty: rest pose
    scene::ShotCamera camera;
    std::string format;  // preset name, or "WxH" for an explicit size
    view::RenderSize size;
    Look look;  // "lights", "environment", "ev100", "tone_mapping"
    std::string background = "#EDEDF0";  // see parse_backdrop
    std::string seat = "stool";           // see parse_seat_prop
    consent::Use use = consent::Use::Social;
    std::vector<std::string> territories;
};

struct Shoot {
    std::filesystem::path file;
    Sha256 file_sha256;
    std::string name;
    std::string description;
    std::string brand;
    consent::Date date;
    bool date_given = false;                      // the file names its date (else: the day it is run)
    std::vector<std::filesystem::path> libraries;  // the file's own "library" folders (base / entry)
    std::filesystem::path poses;
    std::vector<ShootShot> shots;
};

struct ShootLoadOptions {
    std::vector<std::filesystem::path> libraries;  // searched before the file's own
    std::optional<std::filesystem::path> poses;    // overrides the file's pose library
    std::optional<consent::Date> date;             // overrides the file's date
};

Result<Shoot> load_shoot(const std::filesystem::path& file, const ShootLoadOptions& options, AssetCache& cache);

// The studio shot for one shot of a shoot (what TwinShot::prepare takes).
ShotSpec shot_spec(const Shoot& shoot, const ShootShot& shot);

// "#RRGGBB" (sRGB) to linear RGB; nullopt if malformed.
std::optional<glm::vec3> parse_hex_colour(std::string_view text);
// A shot's background: "#RRGGBB" (flat sRGB colour), "transparent" (cut-out with alpha),
// "environment" (the lighting's environment), "cyclorama" (seamless paper sweep, light grey),
// "cyclorama #FLOOR" (one colour) or "cyclorama #FLOOR #TOP" (a gradient up the wall).
// nullopt when the text is none of these.
std::optional<scene::Backdrop> parse_backdrop(std::string_view text);
// How a seated pose's seat shows (scene/seat.h): "stool" (a warm grey block), "stool #RRGGBB" (in
// that sRGB colour) or "none" (not drawn; the cloth still rests on it). nullopt when the text is
// none of these.
std::optional<scene::SeatProp> parse_seat_prop(std::string_view text);

}  // namespace twinshoot::studio
