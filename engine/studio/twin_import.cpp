#include "studio/twin_import.h"

#include <nlohmann/json.hpp>


#include "asset/gltf_writer.h"
#include "asset/model_loader.h"
#include "consent/date.h"
#include "consent/licence.h"
#include "consent/signed_document.h"
#include "core/file_io.h"
#include "core/sha256.h"
#include "geometry/normalise.h"
#include "scene/humanoid.h"
#include "studio/package_folder.h"

namespace twinshoot::studio {
namespace fs = std::filesystem;
namespace {

std::string upper(std::string s) {
    for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// A licence that allows nothing until the owner and the agency fill it in: no licensee, no
// permission beyond internal preview by the owner, AI training and 3D export prohibited.
nlohmann::json licence_template(const TwinImportOptions& o, const std::string& owner, const std::string& sha256) {
    const consent::Date today = consent::Date::today_utc();
    const std::string name = o.name.empty() ? o.id : o.name;
    return {
        {"schema", "twinshoot-licence/1"},
        {"id", "L-" + upper(o.id) + "-0001"},
        {"version", 1},
        {"issued", today.str()},
        {"twin", {{"id", o.id}, {"avatar_sha256", sha256}}},
        {"licensor", {{"id", owner}, {"name", name}}},
        {"owners", nlohmann::json::array({{{"id", owner}, {"name", name}, {"role", "model"}}})},
        {"licensees", nlohmann::json::array({"TO BE FILLED IN"})},
        {"consent",
         {{"signed", today.str()},
          {"description", "TEMPLATE written by twinshoot twin import: describe what the model consents to, then sign."},
          {"counsel", false},
          {"union_representation", false}}},
        {"valid_from", today.str()},
        {"valid_until", today.str()},
        {"permissions", nlohmann::json::array({{{"id", "P1"},
                                                {"uses", {"internal-preview"}},
                                                {"brands", {"TO BE FILLED IN"}},
                                                {"territories", {"WORLD"}},
                                                {"max_uses", 1},
                                                {"fee", {{"amount", "0.00"}, {"currency", "EUR"}}}}})},
        {"prohibitions", {{"garment_categories", {"lingerie", "underwear", "swimwear"}}, {"ai_training", true}, {"export_3d", true}}},
        {"duties",
         {{"disclosure", {{"label", "Digital twin of a real model - synthetic image"}, {"required_for", {"social", "ecommerce", "print", "ooh", "video"}}}},
          {"provenance", true}}}};
}

Result<TwinImportReport> build(const TwinImportOptions& o, const fs::path& folder) {
    TwinImportReport report;
    TS_TRY_ASSIGN(asset::Model model, asset::load_model(o.scan));
    report.warnings = model.warnings;
    report.dropped_meshes = geometry::drop_helper_geometry(model);
    if (model.instances.empty()) return make_error(ErrorCode::Invalid, "the file holds no mesh");
    TS_TRY_ASSIGN(report.frame, geometry::detect_body_frame(geometry::body_mesh_of(model), o.frame));
    geometry::normalise_model(model, report.frame);
    if (model.skeleton.empty()) {
        TS_TRY_ASSIGN(geometry::AutoRigReport rig, geometry::auto_rig(model, report.frame.height_m));
        report.rig = std::move(rig);
        report.auto_rigged = true;
    } else if (auto map = scene::map_humanoid(model.skeleton); !map) {
        return make_error(ErrorCode::Invalid, "its rig does not map to the canonical humanoid (" + map.error().message +
                                                  "); remove the rig to have it auto-rigged");
    }
    model.twin_id = o.id;
    model.source = o.scan.string();
    report.triangles = model.triangle_count();
    report.vertices = model.vertex_count();
    report.images = model.images.size();
    TS_TRY_ASSIGN(std::vector<uint8_t> glb, asset::encode_glb(model));
    report.avatar = o.out_dir / (o.id + ".glb");
    TS_TRY(write_file_atomic(folder / (o.id + ".glb"), glb));
    report.avatar_sha256 = sha256(std::span<const uint8_t>(glb)).hex();
    nlohmann::ordered_json twin = {{"id", o.id},
                                   {"display_name", o.name.empty() ? o.id : o.name},
                                   {"avatar", o.id + ".glb"},
                                   {"licence", "licence.json"}};
    TS_TRY(write_text_atomic(folder / "twin.json", twin.dump(2) + "\n"));
    const std::string owner = o.owner.empty() ? o.id : o.owner;
    consent::SignedDocument doc = consent::make_document("licence", licence_template(o, owner, report.avatar_sha256));
    if (auto parsed = consent::parse_licence(doc, (folder / "licence.json").string()); !parsed)
        return parsed.error().with_context("internal: the licence template does not parse");
    TS_TRY(write_text_atomic(folder / "licence.json", consent::to_text(doc)));
    return report;
}

}  // namespace

Result<TwinImportReport> import_twin(const TwinImportOptions& o) {
    const std::string scan = o.scan.string();
    if (!valid_package_id(o.id)) return make_error(ErrorCode::Invalid, "twin id '" + o.id + "' must be lower-case [a-z0-9-]");
    if (!o.owner.empty() && !valid_package_id(o.owner))
        return make_error(ErrorCode::Invalid, "owner id '" + o.owner + "' must be lower-case [a-z0-9-]");
    TwinImportReport report;
    Result<TwinImportReport> result = report;
    if (Status s = build_package_folder(o.out_dir, [&](const fs::path& folder) -> Status {
            TS_TRY_ASSIGN(report, build(o, folder));
            return {};
        });
        !s)
        result = s.error();
    else
        result = std::move(report);
    if (!result) {
        const std::string& m = result.error().message;
        if (m.find(scan) == std::string::npos) return result.error().with_context(scan);
        return result.error();
    }
    return result;
}

}  // namespace twinshoot::studio
