#include "studio/garment_import.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include <glm/gtc/matrix_transform.hpp>
#include <nlohmann/json.hpp>

#include "asset/closest_point.h"
#include "asset/color.h"
#include "asset/confined_folder.h"
#include "asset/gltf_writer.h"
#include "asset/mhclo.h"
#include "asset/model_loader.h"
#include "core/file_io.h"
#include "geometry/auto_rig.h"
#include "geometry/body_mesh.h"
#include "geometry/garment_transfer.h"
#include "geometry/normalise.h"
#include "scene/package.h"
#include "studio/package_folder.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;
namespace {

struct DrapingBody {
    asset::Model model;  // rigged, in the frame the garment is moved into (metres)
    glm::mat4 file_to_frame{1.0f};  // the body file's model space -> that frame
    double file_scale = 1.0;        // body file units -> metres
    std::string units = "m";
    std::string id;
    bool auto_rigged = false;
};

std::string id_from_stem(const fs::path& file) {
    std::string id;
    for (char c : file.stem().string()) {
        const char l = char(std::tolower(static_cast<unsigned char>(c)));
        id += (std::isalnum(static_cast<unsigned char>(l)) && l >= 0) ? l : '-';
    }
    while (!id.empty() && id.front() == '-') id.erase(id.begin());
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id.empty() ? "body" : id.substr(0, 64);
}

Result<DrapingBody> load_draping_body(const fs::path& where) {
    DrapingBody body;
    std::error_code ec;
    if (!fs::exists(where, ec))
        return make_error(ErrorCode::Io, where.string() + ": not found (--draped-on takes a twin package folder or a body mesh file)");
    if (fs::is_directory(where, ec)) {
        TS_TRY_ASSIGN(scene::TwinPackage twin, scene::load_twin(where));
        TS_TRY_ASSIGN(body.model, asset::load_model(twin.avatar));
        body.id = twin.id;
        if (body.model.skeleton.empty()) return make_error(ErrorCode::Invalid, twin.avatar.string() + ": the twin's avatar is not rigged");
        return body;  // twins are in metres, +Y up (twin import normalises them)
    }
    TS_TRY_ASSIGN(body.model, asset::load_model(where));
    geometry::drop_helper_geometry(body.model);
    if (body.model.instances.empty()) return make_error(ErrorCode::Invalid, where.string() + ": the body file holds no mesh");
    auto frame = geometry::detect_body_frame(geometry::body_mesh_of(body.model));
    if (!frame) return frame.error().with_context(where.string() + " (the draping body)");
    geometry::normalise_model(body.model, *frame);
    body.file_to_frame = frame->matrix();
    body.file_scale = frame->scale;
    body.units = frame->units;
    if (body.model.skeleton.empty()) {
        auto rig = geometry::auto_rig(body.model, frame->height_m);
        if (!rig) return rig.error().with_context(where.string() + " (the draping body)");
        body.auto_rigged = true;
    }
    body.id = id_from_stem(where);
    return body;
}

std::string lower_extension(const fs::path& p) {
    std::string e = p.extension().string();
    for (char& c : e) c = char(std::tolower(static_cast<unsigned char>(c)));
    return e;
}

constexpr uint64_t kMaxMhcloBytes = 256ull << 20;

// A file beside `model` (in its folder, by the confined rules), as text.
Result<std::string> read_beside(const fs::path& model, const std::string& name) {
    TS_TRY_ASSIGN(asset::ConfinedFolder folder, asset::ConfinedFolder::open(model));
    TS_TRY_ASSIGN(std::vector<uint8_t> bytes, folder.read(name, kMaxMhcloBytes));
    return std::string(bytes.begin(), bytes.end());
}

// A MakeHuman garment (OBJ with a .mhclo beside it, draped on MakeHuman's base mesh OBJ) put where
// its .mhclo fits it on that body (asset/mhclo.h), in the garment file's units (the body's). Nothing
// happens when there is no .mhclo or the body is not an OBJ; a .mhclo that does not fit the files is
// an error naming it.
Status fit_by_mhclo(asset::Mesh& garment, const GarmentImportOptions& o, GarmentImportReport& report) {
    fs::path clo_path = o.mesh;
    clo_path.replace_extension(".mhclo");
    std::error_code ec;
    if (!o.use_mhclo || lower_extension(o.mesh) != ".obj" || !fs::is_regular_file(clo_path, ec)) return {};
    if (fs::is_directory(o.draped_on, ec) || lower_extension(o.draped_on) != ".obj") {
        report.mhclo_not_applied = clo_path.filename().string() +
                                   " was not applied: it fits MakeHuman's base mesh OBJ, and the garment is draped on " +
                                   o.draped_on.filename().string() + " (drape it on base.obj for MakeHuman's own fitting)";
        return {};
    }
    const std::string clo_name = clo_path.string();
    TS_TRY_ASSIGN(std::string clo_text, read_beside(o.mesh, clo_path.filename().string()));
    TS_TRY_ASSIGN(asset::Mhclo clo, asset::parse_mhclo(clo_text, clo_name));
    TS_TRY_ASSIGN(std::string body_text, read_beside(o.draped_on, o.draped_on.filename().string()));
    TS_TRY_ASSIGN(std::vector<glm::vec3> base, asset::obj_positions(body_text, o.draped_on.string()));
    TS_TRY_ASSIGN(std::string garment_text, read_beside(o.mesh, o.mesh.filename().string()));
    TS_TRY_ASSIGN(std::vector<glm::vec3> raw, asset::obj_positions(garment_text, o.mesh.string()));
    if (raw.size() != clo.vertices.size())
        return make_error(ErrorCode::Invalid, clo_name + ": fits " + std::to_string(clo.vertices.size()) + " vertices but " +
                                                  o.mesh.string() + " has " + std::to_string(raw.size()));
    TS_TRY_ASSIGN(std::vector<glm::vec3> fitted, asset::fit_mhclo(clo, base, clo_name));
    // The loaded mesh splits and reorders the OBJ's vertices: each is found again by position.
    asset::Aabb box;
    for (const glm::vec3& p : raw) box.extend(p);
    const float tolerance = std::max(1e-5f * glm::length(box.extent()), 1e-9f);
    const auto cell = [&](const glm::vec3& p) {
        const glm::ivec3 c = glm::ivec3(glm::floor(p / tolerance));
        return (int64_t(c.x) * 73856093) ^ (int64_t(c.y) * 19349663) ^ (int64_t(c.z) * 83492791);
    };
    std::unordered_map<int64_t, std::vector<uint32_t>> grid;
    for (uint32_t i = 0; i < raw.size(); ++i) grid[cell(raw[i])].push_back(i);
    std::vector<float> moved;
    moved.reserve(garment.vertices.size());
    for (asset::Vertex& v : garment.vertices) {
        int64_t best = -1;
        float best_d = tolerance;
        for (int dz = -1; dz <= 1; ++dz)
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const auto it = grid.find(cell(v.position + tolerance * glm::vec3(dx, dy, dz)));
                    if (it == grid.end()) continue;
                    for (uint32_t i : it->second)
                        if (const float d = glm::length(raw[i] - v.position); d <= best_d) best_d = d, best = i;
                }
        if (best < 0)
            return make_error(ErrorCode::Invalid, clo_name + ": a vertex of " + o.mesh.string() + " is not one of its OBJ's vertices");
        moved.push_back(glm::length(fitted[size_t(best)] - v.position));
        v.position = fitted[size_t(best)];
    }
    asset::recompute_normals(garment);
    std::nth_element(moved.begin(), moved.begin() + long(moved.size() / 2), moved.end());
    report.mhclo = clo_path.filename().string();
    report.mhclo_moved_median = moved.empty() ? 0.0 : double(moved[moved.size() / 2]);
    return {};
}

// The garment's meshes merged into one, degenerate triangles dropped.
asset::Mesh merged_mesh(const asset::Model& file, size_t& dropped) {
    asset::Mesh out;
    for (const auto& instance : file.instances) {
        const asset::Mesh& m = file.meshes[instance.mesh];
        const uint32_t base = uint32_t(out.vertices.size());
        for (auto v : m.vertices) {
            v.position = glm::vec3(instance.transform * glm::vec4(v.position, 1.0f));
            out.vertices.push_back(v);
        }
        for (size_t t = 0; t + 2 < m.indices.size(); t += 3) {
            const uint32_t a = m.indices[t], b = m.indices[t + 1], c = m.indices[t + 2];
            const bool in_range = a < m.vertices.size() && b < m.vertices.size() && c < m.vertices.size();
            if (!in_range || glm::length(glm::cross(m.vertices[b].position - m.vertices[a].position,
                                                    m.vertices[c].position - m.vertices[a].position)) <= 0.0f) {
                ++dropped;
                continue;
            }
            for (uint32_t i : {a, b, c}) out.indices.push_back(base + i);
        }
        out.has_uvs = out.has_uvs || m.has_uvs;
    }
    return out;
}

struct LineUp {
    double near_share = 0.0, inside_share = 0.0, median_m = 0.0;
    double across_m = 0.0;  // the garment's largest side in this unit
    bool ok() const { return near_share >= 0.5 && inside_share <= 0.25; }
    // A unit the garment's file did not state and the body's is not: it must line up closely and
    // give the garment a garment's size on this body. Any human-sized garment lies "mostly within
    // 10 cm" of another human-sized body (a MakeHuman suit read in decimetres on Xbot: 60%, median
    // 6 cm), and a suit read ten times too small lies near the surface wherever it lands (on Xbot,
    // in centimetres: 99%, median 3.9 cm, 17 cm across; in inches: 93%, 2.1 cm, 43 cm across).
    bool ok_guessed(double body_height_m, double min_across_share) const {
        return ok() && median_m <= kGuessedMedian_m && across_m >= min_across_share * body_height_m;
    }
    static constexpr double kGuessedMedian_m = 0.04;
    // The smallest a garment of `category` is across, as a share of its wearer's height: a suit read
    // in inches instead of decimetres is a quarter of a body (and lies close to its shins).
    static double min_across_share(const std::string& category) {
        for (const char* small : {"swimwear", "lingerie", "underwear", "footwear", "accessory"})
            if (category == small) return 0.12;
        return 0.30;
    }
};

// How the garment at `to_frame` lies on the body (metres): at most ~20k vertices are measured.
LineUp measure_line_up(const asset::Mesh& garment, const glm::mat4& to_frame, const geometry::TransferBody& body,
                       const asset::ClosestPointIndex& index) {
    const size_t n = garment.vertices.size(), stride = std::max<size_t>(1, n / 20000);
    std::vector<float> distance;
    size_t near = 0, inside = 0;
    const float reach = 0.10f, deep = 0.02f;
    for (size_t i = 0; i < n; i += stride) {
        const glm::vec3 p = glm::vec3(to_frame * glm::vec4(garment.vertices[i].position, 1.0f));
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) continue;
        // Bounded: a query far from the body (a garment in the wrong place) would visit most of the tree.
        const asset::ClosestHit hit = index.closest(p, 0.5f);
        if (!(hit.distance <= 0.5f)) {
            distance.push_back(0.5f);
            continue;
        }
        glm::vec3 normal(0.0f);
        for (int k = 0; k < 3; ++k) normal += hit.barycentric[k] * body.normals[body.indices[size_t(hit.triangle) * 3 + size_t(k)]];
        distance.push_back(hit.distance);
        near += hit.distance <= reach;
        inside += glm::dot(p - hit.point, normal) < -deep * glm::length(normal);
    }
    LineUp out;
    if (distance.empty()) return out;
    out.near_share = double(near) / double(distance.size());
    out.inside_share = double(inside) / double(distance.size());
    std::nth_element(distance.begin(), distance.begin() + std::ptrdiff_t(distance.size() / 2), distance.end());
    out.median_m = distance[distance.size() / 2];
    asset::Aabb extent;
    for (const auto& v : garment.vertices) extent.extend(glm::vec3(to_frame * glm::vec4(v.position, 1.0f)));
    const glm::vec3 sides = extent.extent();
    out.across_m = double(std::max({sides.x, sides.y, sides.z}));
    return out;
}

std::string centimetres(double metres) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f cm", 100.0 * metres);
    return text;
}

std::string percent(double share) { return std::to_string(int(std::lround(100.0 * share))) + "%"; }

Status build(const GarmentImportOptions& o, const fs::path& folder, GarmentImportReport& report) {
    TS_TRY_ASSIGN(asset::Model file, asset::load_model(o.mesh));
    asset::Mesh garment = merged_mesh(file, report.degenerate_dropped);
    if (garment.indices.empty()) return make_error(ErrorCode::Invalid, "the garment holds no triangles");
    report.triangles = garment.indices.size() / 3;
    report.vertices = garment.vertices.size();
    if (report.triangles < kMinGarmentTriangles)
        return make_error(ErrorCode::Invalid, "the garment has only " + std::to_string(report.triangles) +
                                                  " triangles (at least " + std::to_string(kMinGarmentTriangles) +
                                                  " needed): too few to be a garment; is the file truncated?");
    if (report.triangles > o.max_triangles)
        return make_error(ErrorCode::Invalid, "the garment has " + std::to_string(report.triangles) + " triangles, over the " +
                                                  std::to_string(o.max_triangles) +
                                                  " a garment may have; simplify it (cloth is settled per vertex per pose)");
    TS_TRY(fit_by_mhclo(garment, o, report));
    TS_TRY_ASSIGN(DrapingBody body, load_draping_body(o.draped_on));
    report.draped_on = body.id;
    report.mhclo_moved_median *= body.file_scale;  // garment file units are the body's
    report.body_auto_rigged = body.auto_rigged;
    TS_TRY_ASSIGN(geometry::TransferBody proxy, geometry::make_transfer_body(body.model, {}, o.draped_on.string()));
    const asset::ClosestPointIndex index(proxy.positions, proxy.indices);

    // Units: given, or the body's, or the first common unit the garment lines up in.
    struct Candidate {
        const char* name;
        double metres;
    };
    std::vector<Candidate> candidates;
    if (o.units != "auto") {
        const auto metres = geometry::unit_scale(o.units);
        if (!metres) return make_error(ErrorCode::Invalid, "--units " + o.units + ": expected auto, m, cm, mm, dm or in");
        candidates.push_back({o.units.c_str(), *metres});
    } else {
        candidates.push_back({body.units.c_str(), body.file_scale});
        for (Candidate c : {Candidate{"m", 1.0}, {"dm", 0.1}, {"cm", 0.01}, {"mm", 0.001}, {"in", 0.0254}})
            if (c.metres != body.file_scale) candidates.push_back(c);
    }
    // The body's own (or the given) unit is taken when the garment lines up in it. Otherwise every
    // other unit is measured, and one is guessed only when it alone lines up closely at a garment's
    // size (LineUp::ok_guessed): two that do are ambiguous, and the user says which with --units.
    const double body_height_m = double(proxy.height);  // the body's frame is in metres
    const double min_across = LineUp::min_across_share(o.category);
    std::vector<LineUp> measured;
    std::vector<glm::mat4> frames;
    std::vector<size_t> guesses;
    std::string loose;  // a guessed unit that lined up only loosely, for the error
    for (size_t i = 0; i < candidates.size(); ++i) {
        // Garment file units -> body file units -> the body's frame.
        frames.push_back(body.file_to_frame *
                         glm::scale(glm::mat4(1.0f), glm::vec3(float(candidates[i].metres / body.file_scale))));
        measured.push_back(measure_line_up(garment, frames.back(), proxy, index));
        const LineUp& line_up = measured.back();
        if (i == 0) {
            if (line_up.ok()) break;
            continue;
        }
        if (line_up.ok_guessed(body_height_m, min_across)) {
            guesses.push_back(i);
        } else if (line_up.ok() && loose.empty()) {
            loose = std::string("; in ") + candidates[i].name + " " + percent(line_up.near_share) +
                    " lie within 10 cm, but a unit the file does not state must line up closely at a garment's size, and there " +
                    (line_up.median_m > LineUp::kGuessedMedian_m
                         ? "the median distance is " + centimetres(line_up.median_m) + " (at most " +
                               centimetres(LineUp::kGuessedMedian_m) + ")"
                         : "the " + o.category + " is " + centimetres(line_up.across_m) + " across on a body " +
                               centimetres(body_height_m) + " tall (at least " + percent(min_across) + " of it)");
        }
    }
    const LineUp& first = measured[0];
    if (guesses.size() > 1)
        return make_error(ErrorCode::Invalid, std::string("the garment's unit is ambiguous: it does not line up with ") +
                                                  o.draped_on.string() + " in " + candidates[0].name + ", and lines up in both " +
                                                  candidates[guesses[0]].name + " and " + candidates[guesses[1]].name +
                                                  "; say which with --units");
    if (!first.ok() && guesses.empty())
        return make_error(ErrorCode::Invalid,
                          "the garment does not line up with the body it claims (" + o.draped_on.string() + "): in " +
                              candidates[0].name + ", " + percent(first.near_share) + " of its vertices lie within 10 cm of the body's surface (50% needed), " +
                              percent(first.inside_share) + " more than 2 cm inside it (25% allowed), median distance " +
                              centimetres(first.median_m) +
                              (o.units == "auto" ? (loose.empty() ? "; no other unit lines up either" : loose) : "") +
                              ": check --units and that it was exported where the body stands");
    const size_t chosen = first.ok() ? 0 : guesses[0];
    const LineUp& line_up = measured[chosen];
    report.scale = candidates[chosen].metres;
    report.units = candidates[chosen].name;
    report.units_guessed = chosen > 0;
    report.near_share = line_up.near_share;
    report.inside_share = line_up.inside_share;
    report.median_distance_m = line_up.median_m;
    for (auto& v : garment.vertices) {
        v.position = glm::vec3(frames[chosen] * glm::vec4(v.position, 1.0f));
        v.normal = glm::normalize(glm::mat3(frames[chosen]) * v.normal);
    }

    const double across_m = line_up.across_m;  // measured in the chosen unit, in the body's frame (metres)
    if (across_m < kMinGarmentAcross_m)
        return make_error(ErrorCode::Invalid, "the garment is only " + centimetres(across_m) + " across in " + report.units +
                                                  " (at least " + centimetres(kMinGarmentAcross_m) +
                                                  " needed): too small to be a garment; is the file truncated or the unit wrong?");

    // The package: mesh.glb, body.glb (geometry and rig only), garment.json.
    asset::Model mesh_file;
    mesh_file.source = o.mesh.string();
    mesh_file.images = file.images;
    mesh_file.image_names = file.image_names;
    const uint32_t material = file.meshes.empty() ? 0u : file.meshes[file.instances.empty() ? 0 : file.instances[0].mesh].material;
    mesh_file.materials.push_back(material < file.materials.size() ? file.materials[material] : asset::Material{});
    garment.material = 0;
    garment.name = o.id;
    mesh_file.meshes.push_back(std::move(garment));
    mesh_file.instances.push_back({0, glm::mat4(1.0f), o.id});
    TS_TRY(asset::write_glb(folder / "mesh.glb", mesh_file));
    TS_TRY(asset::write_glb(folder / "body.glb", scene::draping_body(std::move(body.model))));

    nlohmann::ordered_json colourways = nlohmann::ordered_json::object();
    for (const auto& [name, hex] : o.colourways) colourways[name] = {{"base_color", hex}};
    if (colourways.empty()) colourways["default"] = {{"base_color", "#808080"}};
    const nlohmann::ordered_json doc = {{"id", o.id},
                                        {"name", o.name.empty() ? o.id : o.name},
                                        {"category", o.category},
                                        {"mesh", "mesh.glb"},
                                        {"draped_on", body.id},
                                        {"body", "body.glb"},
                                        {"layer", o.layer},
                                        {"colourways", colourways},
                                        {"default_colourway", colourways.begin().key()}};
    TS_TRY(write_text_atomic(folder / "garment.json", doc.dump(2) + "\n"));
    if (auto check = scene::load_garment(folder); !check) return check.error().with_context("internal: the package does not load");
    return {};
}

}  // namespace

Result<GarmentImportReport> import_garment(const GarmentImportOptions& o) {
    if (!valid_package_id(o.id)) return make_error(ErrorCode::Invalid, "garment id '" + o.id + "' must be lower-case [a-z0-9-]");
    const auto& categories = scene::garment_categories();
    if (std::find(categories.begin(), categories.end(), o.category) == categories.end()) {
        std::string list;
        for (const auto& c : categories) list += (list.empty() ? "" : ", ") + c;
        return make_error(ErrorCode::Invalid, "--category " + o.category + ": one of " + list);
    }
    if (o.layer < 0 || o.layer > 9) return make_error(ErrorCode::Invalid, "--layer must be 0..9");
    for (const auto& [name, hex] : o.colourways)
        if (!valid_package_id(name) || !asset::srgb_hex_to_linear(hex))
            return make_error(ErrorCode::Invalid, "--colourway " + name + "=" + hex + ": expected NAME=#RRGGBB (name lower-case [a-z0-9-])");
    GarmentImportReport report;
    const Status built = build_package_folder(o.out_dir, [&](const fs::path& folder) { return build(o, folder, report); });
    if (!built) {
        const std::string& m = built.error().message;
        if (m.find(o.mesh.string()) == std::string::npos) return built.error().with_context(o.mesh.string());
        return built.error();
    }
    return report;
}

}  // namespace twinshoot::studio
