#include "scene/package.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "asset/color.h"
#include "core/file_io.h"

namespace twinshoot::scene {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Reads one JSON document and reports errors as "<file>: <json path>: <what>".
class Reader {
public:
    explicit Reader(fs::path file) : m_file(std::move(file)) {}

    // Parses the file; the document must be an object.
    Status load() {
        auto bytes = read_file(m_file);
        if (!bytes) return bytes.error();
        try {
            m_doc = json::parse(bytes->begin(), bytes->end());
        } catch (const json::parse_error& e) {
            return make_error(ErrorCode::Parse, m_file.string() + ": invalid JSON at byte " + std::to_string(e.byte));
        } catch (const json::exception& e) {  // a number out of range (1e999): found by package_fuzz
            return make_error(ErrorCode::Parse, m_file.string() + ": invalid JSON (" + e.what() + ")");
        }
        if (!m_doc.is_object()) return fail("$", "expected an object");
        return {};
    }

    // load(), then refuses fields outside `fields`.
    Status open(const std::set<std::string>& fields) {
        TS_TRY(load());
        for (const auto& [key, value] : m_doc.items())
            if (!fields.count(key)) return fail("$." + key, "unknown field");
        return {};
    }

    Error fail(const std::string& path, const std::string& what) const {
        return make_error(ErrorCode::Parse, m_file.string() + ": " + path + ": " + what);
    }

    const json& doc() const { return m_doc; }

    Result<std::string> string(const json& parent, const std::string& key, const std::string& path, bool required) {
        if (!parent.contains(key)) {
            if (required) return fail(path + "." + key, "required");
            return std::string();
        }
        const json& v = parent[key];
        if (!v.is_string() || v.get<std::string>().empty()) return fail(path + "." + key, "expected a non-empty string");
        return v.get<std::string>();
    }

    Result<std::string> id(const std::string& key) {
        TS_TRY_ASSIGN(std::string value, string(m_doc, key, "$", true));
        if (!std::all_of(value.begin(), value.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            }))
            return fail("$." + key, "ids are lower-case letters, digits and '-' (got \"" + value + "\")");
        return value;
    }

    // A file named relative to the package folder, which must exist and stay inside it.
    Result<fs::path> file(const json& parent, const std::string& key, const std::string& path) {
        TS_TRY_ASSIGN(std::string name, string(parent, key, path, true));
        const fs::path relative(name);
        if (relative.is_absolute() || name.find("..") != std::string::npos)
            return fail(path + "." + key, "must name a file inside the package folder (got \"" + name + "\")");
        const fs::path full = m_file.parent_path() / relative;
        std::error_code ec;
        if (!fs::is_regular_file(full, ec)) return fail(path + "." + key, "file not found: " + full.string());
        return full;
    }

    Result<glm::vec3> colour(const json& v, const std::string& path) {
        const std::string text = v.is_string() ? v.get<std::string>() : std::string();
        auto linear = asset::srgb_hex_to_linear(text);
        if (!linear) return fail(path, "expected an sRGB colour \"#RRGGBB\"" + (text.empty() ? std::string() : " (got \"" + text + "\")"));
        return *linear;
    }

private:
    fs::path m_file;
    json m_doc;
};

}  // namespace

const std::vector<std::string>& garment_categories() {
    static const std::vector<std::string> categories = {
        "top",   "t-shirt",   "shirt",    "knitwear",  "dress",     "skirt",    "trousers", "jeans", "shorts",
        "jacket", "coat",     "swimwear", "lingerie",  "underwear", "sleepwear", "footwear", "accessory"};
    return categories;
}

asset::Model draping_body(asset::Model body) {
    body.materials.assign(1, asset::Material{});
    body.images.clear();
    body.image_names.clear();
    body.clips.clear();
    body.twin_id.clear();
    for (auto& m : body.meshes) m.material = 0;
    return body;
}

asset::Drape garment_drape(std::string_view category) {
    return category == "dress" || category == "skirt" || category == "coat" ? asset::Drape::HangsFree
                                                                             : asset::Drape::FollowsBody;
}

const Colourway* GarmentPackage::colourway(std::string_view wanted) const {
    for (const auto& c : colourways)
        if (c.name == wanted) return &c;
    return nullptr;
}

Result<TwinPackage> load_twin(const fs::path& folder) {
    Reader r(folder / "twin.json");
    TS_TRY(r.open({"id", "display_name", "avatar", "bone_map", "licence", "skin_materials", "skin_scatter_color",
                   "description"}));
    TwinPackage twin;
    twin.folder = folder;
    TS_TRY_ASSIGN(twin.id, r.id("id"));
    TS_TRY_ASSIGN(twin.display_name, r.string(r.doc(), "display_name", "$", true));
    TS_TRY_ASSIGN(twin.avatar, r.file(r.doc(), "avatar", "$"));
    TS_TRY_ASSIGN(twin.licence, r.file(r.doc(), "licence", "$"));
    if (r.doc().contains("bone_map")) {
        json map = r.doc()["bone_map"];
        std::string where = "$.bone_map";
        if (map.is_string()) {  // a file holding the object
            TS_TRY_ASSIGN(fs::path file, r.file(r.doc(), "bone_map", "$"));
            Reader inner(file);
            TS_TRY(inner.load());
            map = inner.doc();
            for (const auto& [bone, joint] : map.items()) {
                if (!joint.is_string()) return inner.fail("$." + bone, "expected a joint name");
                twin.bone_map[bone] = joint.get<std::string>();
            }
        } else if (map.is_object()) {
            for (const auto& [bone, joint] : map.items()) {
                if (!joint.is_string()) return r.fail(where + "." + bone, "expected a joint name");
                twin.bone_map[bone] = joint.get<std::string>();
            }
        } else {
            return r.fail(where, "expected an object or a file name");
        }
    }
    if (r.doc().contains("skin_materials")) {
        const json& list = r.doc()["skin_materials"];
        if (!list.is_array()) return r.fail("$.skin_materials", "expected an array of material names");
        for (size_t i = 0; i < list.size(); ++i) {
            if (!list[i].is_string()) return r.fail("$.skin_materials[" + std::to_string(i) + "]", "expected a string");
            twin.skin_materials.push_back(list[i].get<std::string>());
        }
    }
    if (r.doc().contains("skin_scatter_color")) {
        TS_TRY_ASSIGN(twin.skin_scatter_color, r.colour(r.doc()["skin_scatter_color"], "$.skin_scatter_color"));
    }
    return twin;
}

Result<GarmentPackage> load_garment(const fs::path& folder) {
    Reader r(folder / "garment.json");
    TS_TRY(r.open({"id", "name", "category", "mesh", "draped_on", "body", "layer", "colourways", "default_colourway",
                   "description"}));
    GarmentPackage g;
    g.folder = folder;
    TS_TRY_ASSIGN(g.id, r.id("id"));
    TS_TRY_ASSIGN(g.name, r.string(r.doc(), "name", "$", true));
    TS_TRY_ASSIGN(g.category, r.string(r.doc(), "category", "$", true));
    const auto& categories = garment_categories();
    if (std::find(categories.begin(), categories.end(), g.category) == categories.end()) {
        std::string list;
        for (const auto& c : categories) list += (list.empty() ? "" : ", ") + c;
        return r.fail("$.category", "unknown category \"" + g.category + "\" (one of: " + list + ")");
    }
    TS_TRY_ASSIGN(g.mesh, r.file(r.doc(), "mesh", "$"));
    TS_TRY_ASSIGN(g.draped_on, r.id("draped_on"));
    if (r.doc().contains("body")) {
        TS_TRY_ASSIGN(g.body, r.file(r.doc(), "body", "$"));
    }
    if (r.doc().contains("layer")) {
        const json& layer = r.doc()["layer"];
        if (!layer.is_number_integer() || layer.get<int>() < 0 || layer.get<int>() > 9)
            return r.fail("$.layer", "expected an integer 0..9");
        g.layer = layer.get<int>();
    }
    if (!r.doc().contains("colourways") || !r.doc()["colourways"].is_object() || r.doc()["colourways"].empty())
        return r.fail("$.colourways", "required: an object with at least one named colourway");
    for (const auto& [name, value] : r.doc()["colourways"].items()) {
        const std::string path = "$.colourways." + name;
        if (!value.is_object()) return r.fail(path, "expected an object");
        Colourway c;
        c.name = name;
        for (const auto& [key, v] : value.items()) {
            if (key == "base_color") {
                TS_TRY_ASSIGN(c.base_color, r.colour(v, path + ".base_color"));
            } else if (key == "sheen_color") {
                TS_TRY_ASSIGN(c.sheen_color, r.colour(v, path + ".sheen_color"));
            } else if (key == "roughness" || key == "sheen_roughness") {
                if (!v.is_number() || v.get<float>() < 0.0f || v.get<float>() > 1.0f)
                    return r.fail(path + "." + key, "expected a number 0..1");
                (key == "roughness" ? c.roughness : c.sheen_roughness) = v.get<float>();
            } else if (key == "texture") {
                TS_TRY_ASSIGN(c.texture, r.file(value, "texture", path));
            } else {
                return r.fail(path + "." + key, "unknown field");
            }
        }
        g.colourways.push_back(std::move(c));
    }
    TS_TRY_ASSIGN(g.default_colourway, r.string(r.doc(), "default_colourway", "$", false));
    if (g.default_colourway.empty()) g.default_colourway = g.colourways.front().name;
    if (!g.colourway(g.default_colourway))
        return r.fail("$.default_colourway", "no colourway named \"" + g.default_colourway + "\"");
    return g;
}

Result<GarmentWear> garment_wear(const GarmentPackage& garment, std::string_view twin_id) {
    if (garment.draped_on == twin_id) return GarmentWear::AsDraped;
    if (garment.body) return GarmentWear::Transferred;
    return make_error(ErrorCode::Invalid,
                      (garment.folder / "garment.json").string() + ": garment '" + garment.id + "' was draped on " +
                          garment.draped_on + " and carries no draping body to transfer it from, so it cannot be worn by " +
                          std::string(twin_id) + " (re-import it with `twinshoot garment import --draped-on`)");
}

}  // namespace twinshoot::scene
