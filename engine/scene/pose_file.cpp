#include "scene/pose_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/file_io.h"

namespace twinshoot::scene {
namespace {

using json = nlohmann::json;

Error bad(const std::string& source, const std::string& path, const std::string& what) {
    return make_error(ErrorCode::Parse, source + ": " + path + ": " + what);
}

Result<glm::vec3> read_vec3(const json& v, const std::string& source, const std::string& path) {
    if (!v.is_array() || v.size() != 3) return bad(source, path, "expected an array of 3 numbers");
    glm::vec3 out(0.0f);
    for (int i = 0; i < 3; ++i) {
        if (!v[size_t(i)].is_number()) return bad(source, path + "[" + std::to_string(i) + "]", "expected a number");
        out[i] = v[size_t(i)].get<float>();
        if (!std::isfinite(out[i])) return bad(source, path + "[" + std::to_string(i) + "]", "not a finite number");
    }
    return out;
}

Result<glm::quat> read_rotation(const json& v, const std::string& source, const std::string& path) {
    if (!v.is_object() || v.size() != 1)
        return bad(source, path, "expected an object with exactly one of \"euler_deg\" or \"quat_wxyz\"");
    if (v.contains("euler_deg")) {
        TS_TRY_ASSIGN(glm::vec3 e, read_vec3(v["euler_deg"], source, path + ".euler_deg"));
        return glm::angleAxis(glm::radians(e.z), glm::vec3(0, 0, 1)) * glm::angleAxis(glm::radians(e.y), glm::vec3(0, 1, 0)) *
               glm::angleAxis(glm::radians(e.x), glm::vec3(1, 0, 0));
    }
    if (v.contains("quat_wxyz")) {
        const json& q = v["quat_wxyz"];
        if (!q.is_array() || q.size() != 4 || !std::all_of(q.begin(), q.end(), [](const json& x) { return x.is_number(); }))
            return bad(source, path + ".quat_wxyz", "expected an array of 4 numbers");
        glm::quat out(q[0].get<float>(), q[1].get<float>(), q[2].get<float>(), q[3].get<float>());
        const float len = glm::length(out);
        if (!std::isfinite(len) || std::abs(len - 1.0f) > 1e-3f)
            return bad(source, path + ".quat_wxyz", "not a unit quaternion (length " + std::to_string(len) + ")");
        return glm::normalize(out);
    }
    return bad(source, path, "expected \"euler_deg\" or \"quat_wxyz\", found \"" + v.begin().key() + "\"");
}

std::string known_bones() {
    std::string list;
    for (size_t b = 0; b < kHumanBoneCount; ++b) list += (b ? ", " : "") + std::string(bone_name(HumanBone(b)));
    return list;
}

}  // namespace

Result<Pose> parse_pose(std::string_view text, const std::string& source) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        return make_error(ErrorCode::Parse, source + ": invalid JSON at byte " + std::to_string(e.byte));
    } catch (const json::exception& e) {  // a number out of range (1e999): found by package_fuzz
        return make_error(ErrorCode::Parse, source + ": invalid JSON (" + e.what() + ")");
    }
    if (!doc.is_object()) return bad(source, "$", "expected an object");
    static const std::set<std::string> fields = {"name", "tags", "root", "hips_offset_m", "bones", "description"};
    for (const auto& [key, value] : doc.items())
        if (!fields.count(key)) return bad(source, "$." + key, "unknown field");

    Pose pose;
    if (!doc.contains("name") || !doc["name"].is_string() || doc["name"].get<std::string>().empty())
        return bad(source, "$.name", "required, a non-empty string");
    pose.name = doc["name"].get<std::string>();
    if (doc.contains("tags")) {
        const json& tags = doc["tags"];
        if (!tags.is_array()) return bad(source, "$.tags", "expected an array of strings");
        for (size_t i = 0; i < tags.size(); ++i) {
            const std::string path = "$.tags[" + std::to_string(i) + "]";
            if (!tags[i].is_string()) return bad(source, path, "expected a string");
            const std::string tag = tags[i].get<std::string>();
            if (tag.empty() || !std::all_of(tag.begin(), tag.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                }))
                return bad(source, path, "tags are lower-case words joined by '-' (got \"" + tag + "\")");
            pose.tags.push_back(tag);
        }
    }
    if (doc.contains("root")) {
        TS_TRY_ASSIGN(pose.root, read_rotation(doc["root"], source, "$.root"));
    }
    if (doc.contains("hips_offset_m")) {
        TS_TRY_ASSIGN(pose.hips_offset, read_vec3(doc["hips_offset_m"], source, "$.hips_offset_m"));
    }
    if (doc.contains("bones")) {
        if (!doc["bones"].is_object()) return bad(source, "$.bones", "expected an object of canonical bone names");
        for (const auto& [key, value] : doc["bones"].items()) {
            const std::string path = "$.bones." + key;
            auto bone = bone_from_name(key);
            if (!bone) return bad(source, path, "unknown canonical bone (known: " + known_bones() + ")");
            TS_TRY_ASSIGN(glm::quat q, read_rotation(value, source, path));
            pose.set(*bone, q);
        }
    }
    return pose;
}

std::string pose_to_json(const Pose& pose) {
    const auto quat = [](const glm::quat& q) { return json{{"quat_wxyz", {q.w, q.x, q.y, q.z}}}; };
    json doc = {{"name", pose.name}, {"tags", pose.tags}};
    if (pose.root != glm::quat(1.0f, 0.0f, 0.0f, 0.0f)) doc["root"] = quat(pose.root);
    if (pose.hips_offset != glm::vec3(0.0f)) doc["hips_offset_m"] = {pose.hips_offset.x, pose.hips_offset.y, pose.hips_offset.z};
    json bones = json::object();
    for (size_t b = 0; b < kHumanBoneCount; ++b)
        if (pose.rotations[b]) bones[bone_name(HumanBone(b))] = quat(glm::normalize(*pose.rotations[b]));
    doc["bones"] = std::move(bones);
    return doc.dump(1) + "\n";
}

Result<Pose> load_pose(const std::filesystem::path& file) {
    TS_TRY_ASSIGN(auto bytes, read_file(file));
    return parse_pose(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), file.string());
}

const Pose* PoseLibrary::find(std::string_view name) const {
    for (const auto& p : poses)
        if (p.name == name) return &p;
    return nullptr;
}

Result<PoseLibrary> load_pose_library(const std::filesystem::path& folder) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        return make_error(ErrorCode::Io, folder.string() + ": pose library folder not found");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    PoseLibrary library;
    std::map<std::string, std::filesystem::path> seen;
    for (const auto& file : files) {
        TS_TRY_ASSIGN(Pose pose, load_pose(file));
        if (auto it = seen.find(pose.name); it != seen.end())
            return make_error(ErrorCode::Parse, file.string() + ": pose name \"" + pose.name + "\" is also used by " +
                                                    it->second.string());
        seen.emplace(pose.name, file);
        library.poses.push_back(std::move(pose));
    }
    std::sort(library.poses.begin(), library.poses.end(), [](const Pose& a, const Pose& b) { return a.name < b.name; });
    return library;
}

}  // namespace twinshoot::scene
