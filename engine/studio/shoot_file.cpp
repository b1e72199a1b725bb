#include "studio/shoot_file.h"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "consent/json_fields.h"
#include "consent/territory.h"
#include "core/file_io.h"
#include "scene/light_rig.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;
using consent::JsonFields;
using nlohmann::json;

namespace {


bool valid_shot_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9'))) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
    // The run's own files: report.json, run.json, contact-sheet*.png.
    return !id.starts_with("contact-sheet") && id != "report" && id != "run";
}

std::string names_of(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

struct Context {
    const fs::path& file;
    std::vector<fs::path> libraries;
    AssetCache& cache;
};

// Reads the shot fields present in `f` over `shot` (defaults first, then the shot itself).
Status read_shot_fields(const JsonFields& f, ShootShot& shot, Context& context) {
    if (f.has("twin")) {
        TS_TRY_ASSIGN(shot.twin_id, f.string("twin"));
        shot.twin_folder.clear();
        for (const fs::path& library : context.libraries) {
            std::error_code ec;
            if (fs::exists(library / "twins" / shot.twin_id / "twin.json", ec)) {
                shot.twin_folder = library / "twins" / shot.twin_id;
                break;
            }
        }
        if (shot.twin_folder.empty())
            return f.fail(f.path("twin"), "no twin '" + shot.twin_id + "' in the libraries (looked for twins/" + shot.twin_id +
                                              "/twin.json in " + std::to_string(context.libraries.size()) + " folders)");
    }
    if (f.has("garments")) {
        shot.garments.clear();
        TS_TRY_ASSIGN(std::vector<JsonFields> garments, f.objects("garments", true));
        std::set<std::string> seen;
        for (size_t i = 0; i < garments.size(); ++i) {
            const JsonFields& g = garments[i];
            TS_TRY(g.expect_object({"id", "colourway", "layer"}));
            ShootGarment garment;
            TS_TRY_ASSIGN(garment.id, g.string("id"));
            TS_TRY_ASSIGN(garment.colourway, g.string("colourway", false));
            if (g.has("layer")) {
                TS_TRY_ASSIGN(const int64_t layer, g.integer("layer", 0, 9));
                garment.layer = int(layer);
            }
            if (!seen.insert(garment.id).second) return g.fail(g.path("id"), "garment '" + garment.id + "' is worn twice");
            for (const fs::path& library : context.libraries) {
                std::error_code ec;
                if (fs::exists(library / "garments" / garment.id / "garment.json", ec)) {
                    garment.folder = library / "garments" / garment.id;
                    break;
                }
            }
            if (garment.folder.empty()) return g.fail(g.path("id"), "no garment '" + garment.id + "' in the libraries");
            auto package = context.cache.garment(garment.folder);
            if (!package) return package.error();
            if (!garment.colourway.empty() && !(*package)->colourway(garment.colourway)) {
                std::vector<std::string> names;
                for (const auto& c : (*package)->colourways) names.push_back(c.name);
                return g.fail(g.path("colourway"), "garment '" + garment.id + "' has no colourway \"" + garment.colourway +
                                                       "\" (available: " + names_of(names) + ")");
            }
            shot.garments.push_back(std::move(garment));
        }
    }
    if (f.has("pose")) {
        TS_TRY_ASSIGN(shot.pose, f.string("pose"));
        if (fs::path(shot.pose).extension() == ".json") {  // a pose file, relative to the shoot file
            const fs::path pose_file = fs::path(shot.pose).is_absolute() ? fs::path(shot.pose) : context.file.parent_path() / shot.pose;
            std::error_code ec;
            if (!fs::is_regular_file(pose_file, ec)) return f.fail(f.path("pose"), "no pose file " + pose_file.string());
            shot.pose = pose_file.string();
        }
    }
    if (f.has("camera")) {
        const JsonFields c = f.child("camera");
        TS_TRY(c.expect_object({"framing", "yaw", "pitch", "focal_length_mm"}));
        if (c.has("framing")) {
            TS_TRY_ASSIGN(const std::string name, c.string("framing"));
            const auto framing = scene::parse_framing(name);
            if (!framing)
                return c.fail(c.path("framing"), "unknown framing \"" + name + "\" (one of: " + names_of(scene::framing_names()) + ")");
            shot.camera.framing = *framing;
        }
        if (c.has("yaw")) {
            TS_TRY_ASSIGN(const double yaw, c.number("yaw", -scene::kMaxYawDegrees, scene::kMaxYawDegrees));
            shot.camera.yaw_degrees = float(yaw);
        }
        if (c.has("pitch")) {
            TS_TRY_ASSIGN(const double pitch, c.number("pitch", -scene::kMaxPitchDegrees, scene::kMaxPitchDegrees));
            shot.camera.pitch_degrees = float(pitch);
        }
        if (c.has("focal_length_mm")) {
            TS_TRY_ASSIGN(const double focal, c.number("focal_length_mm", scene::kMinFocalLengthMm, scene::kMaxFocalLengthMm));
            shot.camera.focal_length_mm = float(focal);
        }
    }
    if (f.has("format") && f.has("size")) return f.fail(f.path("size"), "give a format or a size, not both");
    if (f.has("format")) {
        TS_TRY_ASSIGN(shot.format, f.string("format"));
        bool known = false;
        std::vector<std::string> names;
        for (const FormatPreset& p : format_presets()) {
            names.emplace_back(p.name);
            if (shot.format == p.name) {
                shot.size = {p.width, p.height};
                known = true;
            }
        }
        if (!known) return f.fail(f.path("format"), "unknown format \"" + shot.format + "\" (one of: " + names_of(names) + ")");
    }
    if (f.has("size")) {
        const json& size = f.at("size");
        if (!size.is_array() || size.size() != 2 || !size[0].is_number_integer() || !size[1].is_number_integer() ||
            size[0].get<int64_t>() < 16 || size[0].get<int64_t>() > 8192 || size[1].get<int64_t>() < 16 ||
            size[1].get<int64_t>() > 8192)
            return f.fail(f.path("size"), "expected [WIDTH, HEIGHT], each 16..8192 pixels");
        shot.size = {uint32_t(size[0].get<int64_t>()), uint32_t(size[1].get<int64_t>())};
        shot.format = std::to_string(shot.size.width) + "x" + std::to_string(shot.size.height);
    }
    if (f.has("lights")) {
        TS_TRY_ASSIGN(shot.look.lights, f.string("lights"));
        if (!scene::light_rig(shot.look.lights))
            return f.fail(f.path("lights"), "unknown light rig \"" + shot.look.lights + "\" (one of: " +
                                                names_of(scene::light_rig_names()) + ")");
    }
    if (f.has("environment")) {
        TS_TRY_ASSIGN(const std::string environment, f.string("environment"));
        shot.look.environment = environment == "studio" ? fs::path("studio") : context.file.parent_path() / environment;
        if (auto valid = validate(Look{.environment = shot.look.environment}, context.file.string()); !valid)
            return f.fail(f.path("environment"), valid.error().message);
    }
    if (f.has("ev100")) {
        TS_TRY_ASSIGN(const double ev, f.number("ev100", -6.0, 24.0));
        shot.look.ev100 = float(ev);
    }
    if (f.has("tone_mapping")) {
        TS_TRY_ASSIGN(shot.look.tone_mapping, f.string("tone_mapping"));
        if (!tone_mapper_from_name(shot.look.tone_mapping))
            return f.fail(f.path("tone_mapping"), "unknown tone mapping \"" + shot.look.tone_mapping +
                                                      "\" (one of: pbr-neutral, aces)");
    }
    if (f.has("background")) {
        TS_TRY_ASSIGN(shot.background, f.string("background"));
        if (!parse_backdrop(shot.background))
            return f.fail(f.path("background"),
                          "expected an sRGB colour \"#RRGGBB\", \"transparent\", \"environment\" or "
                          "\"cyclorama [#FLOOR [#TOP]]\", got \"" + shot.background + "\"");
    }
    if (f.has("seat")) {
        TS_TRY_ASSIGN(shot.seat, f.string("seat"));
        if (!parse_seat_prop(shot.seat))
            return f.fail(f.path("seat"), "expected \"stool\", \"stool #RRGGBB\" or \"none\", got \"" + shot.seat + "\"");
    }
    if (f.has("use")) {
        TS_TRY_ASSIGN(const std::string use, f.string("use"));
        const auto parsed = consent::use_from_name(use);
        if (!parsed)
            return f.fail(f.path("use"), "unknown use \"" + use + "\" (one of: ecommerce, social, print, ooh, video, internal-preview)");
        shot.use = *parsed;
    }
    if (f.has("territories")) {
        TS_TRY_ASSIGN(shot.territories, f.strings("territories"));
        if (shot.territories.empty()) return f.fail(f.path("territories"), "expected at least one territory");
        for (size_t i = 0; i < shot.territories.size(); ++i)
            if (!consent::is_territory(shot.territories[i]))
                return f.fail(f.path("territories") + "[" + std::to_string(i) + "]",
                              "unknown territory \"" + shot.territories[i] + "\" (ISO 3166-1 alpha-2, EU or WORLD)");
    }
    return {};
}

}  // namespace

const std::vector<FormatPreset>& format_presets() {
    static const std::vector<FormatPreset> presets = {
        {"instagram-portrait", 1080, 1350}, {"instagram-square", 1080, 1080}, {"story", 1080, 1920},
        {"landscape", 1920, 1080},          {"ecommerce", 1600, 2000},
    };
    return presets;
}

std::optional<scene::Backdrop> parse_backdrop(std::string_view text) {
    using scene::BackdropKind;
    if (text == "transparent") return scene::Backdrop{.kind = BackdropKind::Transparent};
    if (text == "environment") return scene::Backdrop{.kind = BackdropKind::Environment};
    if (auto colour = parse_hex_colour(text)) return scene::Backdrop{.kind = BackdropKind::Colour, .color = *colour, .top_color = *colour};
    if (!text.starts_with("cyclorama")) return std::nullopt;
    std::vector<glm::vec3> colours;
    std::string_view rest = text.substr(9);
    while (!rest.empty()) {
        if (rest.front() != ' ') return std::nullopt;
        rest.remove_prefix(1);
        const size_t end = std::min(rest.find(' '), rest.size());
        const auto colour = parse_hex_colour(rest.substr(0, end));
        if (!colour || colours.size() == 2) return std::nullopt;
        colours.push_back(*colour);
        rest.remove_prefix(end);
    }
    scene::Backdrop backdrop{.kind = BackdropKind::Cyclorama};
    if (!colours.empty()) backdrop.color = backdrop.top_color = colours[0];
    if (colours.size() == 2) backdrop.top_color = colours[1];
    return backdrop;
}

std::optional<scene::SeatProp> parse_seat_prop(std::string_view text) {
    if (text == "none") return scene::SeatProp{.drawn = false};
    if (text == "stool") return scene::SeatProp{};
    if (!text.starts_with("stool ")) return std::nullopt;
    const auto colour = parse_hex_colour(text.substr(6));
    if (!colour) return std::nullopt;
    return scene::SeatProp{.colour = *colour};
}

std::optional<glm::vec3> parse_hex_colour(std::string_view text) {
    if (text.size() != 7 || text[0] != '#') return std::nullopt;
    glm::vec3 out;
    for (int i = 0; i < 3; ++i) {
        int v = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = text[size_t(1 + i * 2 + k)];
            const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return std::nullopt;
            v = v * 16 + d;
        }
        const float s = float(v) / 255.0f;
        out[i] = s <= 0.04045f ? s / 12.92f : std::pow((s + 0.055f) / 1.055f, 2.4f);
    }
    return out;
}

Result<Shoot> load_shoot(const fs::path& file, const ShootLoadOptions& options, AssetCache& cache) {
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(file));
    const std::string source = file.string();
    if (bytes.size() > (8u << 20)) return make_error(ErrorCode::Parse, source + ": shoot file over 8 MiB");
    json doc;
    try {
        doc = json::parse(bytes.begin(), bytes.end());
    } catch (const json::exception& e) {  // parse errors, and numbers out of range (1e999): found by package_fuzz
        return make_error(ErrorCode::Parse, source + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    const JsonFields root(doc, "$", source);
    TS_TRY(root.expect_object({"shoot", "brand", "use", "territories", "date", "library", "poses", "defaults", "shots",
                               "description"}));
    Shoot shoot;
    shoot.file = file;
    shoot.file_sha256 = sha256(std::span<const uint8_t>(bytes));
    TS_TRY_ASSIGN(shoot.name, root.string("shoot"));
    if (!valid_shot_id(shoot.name)) return root.fail("$.shoot", "expected a name of [a-z0-9._-] (up to 64, starting with a letter or digit)");
    TS_TRY_ASSIGN(shoot.brand, root.string("brand"));
    TS_TRY_ASSIGN(shoot.description, root.string("description", false));
    shoot.date = consent::Date::today_utc();
    if (root.has("date")) {
        TS_TRY_ASSIGN(shoot.date, root.date("date"));
        shoot.date_given = true;
    }
    if (options.date) shoot.date = *options.date;

    const fs::path base = file.parent_path();
    Context context{file, options.libraries, cache};
    TS_TRY_ASSIGN(const std::vector<std::string> libraries, root.strings("library", false));
    for (const std::string& l : libraries) {
        context.libraries.push_back(base / l);
        shoot.libraries.push_back(base / l);
    }
    if (context.libraries.empty()) context.libraries.push_back(base);
    shoot.poses = base / "poses";
    if (root.has("poses")) {
        TS_TRY_ASSIGN(const std::string poses, root.string("poses"));
        shoot.poses = base / poses;
    }
    if (options.poses) shoot.poses = *options.poses;

    // Shoot-wide use and territories, then defaults, then each shot.
    ShootShot defaults;
    {
        if (!root.has("use")) return root.fail("$.use", "required");
        if (!root.has("territories")) return root.fail("$.territories", "required");
        const json shoot_wide = {{"use", doc["use"]}, {"territories", doc["territories"]}};
        TS_TRY(read_shot_fields(JsonFields(shoot_wide, "$", source), defaults, context));
    }
    if (root.has("defaults")) {
        const JsonFields d = root.child("defaults");
        TS_TRY(d.expect_object({"twin", "garments", "pose", "camera", "format", "size", "lights", "background", "seat", "use",
                                "territories", "environment", "ev100", "tone_mapping"}));
        TS_TRY(read_shot_fields(d, defaults, context));
    }
    TS_TRY_ASSIGN(const std::vector<JsonFields> shots, root.objects("shots", true));
    if (shots.empty()) return root.fail("$.shots", "expected at least one shot");
    std::set<std::string> ids;
    const auto library = cache.poses(shoot.poses);
    for (size_t i = 0; i < shots.size(); ++i) {
        const JsonFields& s = shots[i];
        TS_TRY(s.expect_object({"id", "twin", "garments", "pose", "camera", "format", "size", "lights", "background", "seat",
                                "use", "territories", "environment", "ev100", "tone_mapping"}));
        ShootShot shot = defaults;
        shot.json_path = "$.shots[" + std::to_string(i) + "]";
        TS_TRY_ASSIGN(shot.id, s.string("id"));
        if (!valid_shot_id(shot.id))
            return s.fail(s.path("id"), "\"" + shot.id + "\" cannot name a file: use [a-z0-9._-], up to 64, starting with a letter or digit");
        if (!ids.insert(shot.id).second) return s.fail(s.path("id"), "shot id \"" + shot.id + "\" is used twice");
        TS_TRY(read_shot_fields(s, shot, context));
        if (shot.twin_folder.empty()) return s.fail(s.path("twin"), "required (here or in $.defaults)");
        if (!shot.pose.empty() && fs::path(shot.pose).extension() != ".json" && shot.pose.rfind("clip:", 0) != 0) {
            if (!library) return library.error();
            if (!(*library)->find(shot.pose))
                return s.fail(s.path("pose"), "no pose named \"" + shot.pose + "\" in " + shoot.poses.string());
        }
        shoot.shots.push_back(std::move(shot));
    }
    return shoot;
}

ShotSpec shot_spec(const Shoot& shoot, const ShootShot& shot) {
    ShotSpec spec;
    spec.twin = shot.twin_folder;
    for (const ShootGarment& g : shot.garments) {
        spec.garments.push_back(g.folder.string() + (g.colourway.empty() ? "" : ":" + g.colourway));
        spec.garment_layers.push_back(g.layer);
    }
    spec.pose = shot.pose;
    spec.poses = shoot.poses;
    spec.brand = shoot.brand;
    spec.use = shot.use;
    spec.territories = shot.territories;
    spec.date = shoot.date;
    spec.camera = shot.camera;
    spec.lighting = resolve(shot.look);
    spec.backdrop = parse_backdrop(shot.background).value();  // checked when the file was read
    spec.seat = parse_seat_prop(shot.seat).value();            // likewise
    return spec;
}

}  // namespace twinshoot::studio
