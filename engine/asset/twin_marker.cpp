#include "asset/twin_marker.h"

#include <cstring>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinshoot::asset {
namespace fs = std::filesystem;

namespace {

std::optional<nlohmann::json> read_json_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return std::nullopt;
    return doc;
}

// The JSON chunk of a GLB (header: magic, version, length; then chunk length, type "JSON").
std::optional<nlohmann::json> read_glb_json(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    uint32_t header[5] = {};
    if (!in.read(reinterpret_cast<char*>(header), sizeof header)) return std::nullopt;
    if (header[0] != 0x46546C67u || header[4] != 0x4E4F534Au || header[3] > (64u << 20)) return std::nullopt;
    std::string text(header[3], '\0');
    if (!in.read(text.data(), std::streamsize(text.size()))) return std::nullopt;
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) return std::nullopt;
    return doc;
}

std::optional<std::string> marker(const nlohmann::json& gltf) {
    if (!gltf.is_object() || !gltf.contains("asset") || !gltf["asset"].is_object()) return std::nullopt;
    const auto& asset = gltf["asset"];
    if (!asset.contains("extras") || !asset["extras"].is_object()) return std::nullopt;
    const auto& extras = asset["extras"];
    if (!extras.contains("twinshoot_twin") || !extras["twinshoot_twin"].is_string()) return std::nullopt;
    return extras["twinshoot_twin"].get<std::string>();
}

}  // namespace

std::optional<std::string> twin_of_model_file(const fs::path& path) {
    if (auto id = embedded_twin_of(path)) return id;
    return twin_of_model_folder(path);
}

std::optional<std::string> embedded_twin_of(const fs::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    std::optional<nlohmann::json> gltf;
    if (ext == ".glb") gltf = read_glb_json(path);
    else if (ext == ".gltf") gltf = read_json_file(path);
    if (gltf) return marker(*gltf);
    return std::nullopt;
}

std::optional<std::string> twin_of_model_folder(const fs::path& path) {
    std::error_code ec;
    const fs::path twin_json = path.parent_path() / "twin.json";
    if (!fs::exists(twin_json, ec)) return std::nullopt;
    const auto twin = read_json_file(twin_json);
    if (!twin || !twin->is_object() || !twin->contains("avatar") || !(*twin)["avatar"].is_string()) return std::nullopt;
    const fs::path avatar = path.parent_path() / (*twin)["avatar"].get<std::string>();
    if (!fs::equivalent(avatar, path, ec)) return std::nullopt;
    const auto& id = twin->contains("id") && (*twin)["id"].is_string() ? (*twin)["id"].get<std::string>() : std::string("unnamed");
    return id;
}

}  // namespace twinshoot::asset
