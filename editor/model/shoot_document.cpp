#include "shoot_document.h"

#include <algorithm>

#include "core/file_io.h"
#include "core/sha256.h"
#include "scene/humanoid.h"
#include "scene/pose_file.h"
#include "studio/shoot_writer.h"

namespace twinshoot::editor {
namespace fs = std::filesystem;

namespace {

constexpr size_t kHistoryLimit = 500;

bool same_shot(const studio::ShootShot& a, const studio::ShootShot& b) {
    // Compared as the shoot file would write them (every field that matters, no json paths).
    studio::Shoot sa, sb;
    sa.shots = {a};
    sb.shots = {b};
    return studio::shoot_json(sa, "x.json") == studio::shoot_json(sb, "x.json");  // use and territories are written shoot-wide
}

bool same_state(const EditorState& a, const EditorState& b) {
    if (a.selected != b.selected || a.brand != b.brand || a.shots.size() != b.shots.size() || !same_shot(a.current, b.current))
        return false;
    for (size_t i = 0; i < a.shots.size(); ++i)
        if (!same_shot(a.shots[i], b.shots[i])) return false;
    return true;
}

std::string refusal_text(const consent::Decision& d) {
    std::string text;
    for (const auto& v : d.violations()) text += (text.empty() ? "" : "; ") + v.sentence + " [" + v.rule + "]";
    return text;
}

}  // namespace

Result<ShootDocument> ShootDocument::open(const fs::path& file, const studio::ShootLoadOptions& options,
                                          studio::AssetCache& cache, const fs::path& scratch) {
    TS_TRY_ASSIGN(studio::Shoot shoot, studio::load_shoot(file, options, cache));
    ShootDocument doc;
    doc.m_libraries = options.libraries;
    for (const fs::path& l : shoot.libraries) doc.m_libraries.push_back(l);
    if (shoot.libraries.empty() && options.libraries.empty()) doc.m_libraries.push_back(file.parent_path());
    doc.m_scratch = scratch;
    doc.m_state.current = shoot.shots.front();
    doc.m_state.shots = shoot.shots;
    doc.m_state.selected = 0;
    doc.m_state.brand = shoot.brand;
    doc.m_shoot = std::move(shoot);
    doc.m_history.push_back({doc.m_state, "open " + file.filename().string(), 0});
    return doc;
}

Result<ShootDocument> ShootDocument::create(const AssetLibrary& library, const std::vector<fs::path>& libraries,
                                            const fs::path& poses, const std::string& brand, const fs::path& scratch) {
    if (library.twins.empty())
        return make_error(ErrorCode::Invalid, "no twins in the libraries (looked for twins/ID/twin.json in " +
                                                   std::to_string(libraries.size()) + " folders)");
    ShootDocument doc;
    doc.m_libraries = libraries;
    doc.m_scratch = scratch;
    doc.m_shoot.name = "untitled";
    doc.m_shoot.brand = brand;
    doc.m_shoot.date = consent::Date::today_utc();
    doc.m_shoot.libraries = libraries;
    doc.m_shoot.poses = poses;
    studio::ShootShot& shot = doc.m_state.current;
    shot.id = "shot-1";
    shot.twin_id = library.twins.front().id;
    shot.twin_folder = library.twins.front().folder;
    shot.format = "instagram-portrait";
    shot.size = {1080, 1350};
    shot.background = "cyclorama";
    shot.territories = {"FR"};
    doc.m_state.brand = brand;
    doc.m_history.push_back({doc.m_state, "new shoot", 0});
    doc.m_saved_revision = uint64_t(-1);  // never saved: closing asks
    return doc;
}

void ShootDocument::apply(const EditorState& state) {
    m_state = state;
    m_shoot.shots = state.shots;
    m_shoot.brand = state.brand;
}

void ShootDocument::commit(std::string label, EditorState next) {
    m_history.resize(m_position + 1);  // a new edit drops the redo branch
    m_history.push_back({std::move(next), std::move(label), m_next_revision++});
    if (m_history.size() > kHistoryLimit) m_history.erase(m_history.begin());
    m_position = m_history.size() - 1;
    apply(m_history[m_position].state);
}

bool ShootDocument::edit(const std::string& what, const std::function<void(studio::ShootShot&)>& change) {
    EditorState next = m_state;
    change(next.current);
    if (same_state(next, m_state)) return false;
    commit(what, std::move(next));
    return true;
}

bool ShootDocument::set_brand(const std::string& brand) {
    if (brand == m_state.brand) return false;
    EditorState next = m_state;
    next.brand = brand;
    commit("brand: " + brand, std::move(next));
    return true;
}

Status ShootDocument::set_joint_angle(ShotJudge& judge, const AssetLibrary& library, scene::JointAngle angle, float degrees) {
    const studio::ShootShot& shot = m_state.current;
    TS_TRY_ASSIGN(studio::TwinShot prepared, judge.prepare(m_shoot, shot));
    const asset::Model& model = prepared.model();
    TS_TRY_ASSIGN(scene::HumanoidMap map, scene::map_humanoid(model.skeleton, prepared.twin().bone_map));
    TS_TRY_ASSIGN(scene::PoseRig rig, scene::PoseRig::create(model, map));
    scene::Pose base;
    if (shot.pose.empty()) {
        base = rig.extract(model.skeleton.rest_locals(), "rest");
    } else if (fs::path(shot.pose).extension() == ".json") {
        TS_TRY_ASSIGN(base, scene::load_pose(shot.pose));
    } else if (const scene::Pose* p = library.pose(shot.pose)) {
        base = *p;
    } else {
        return make_error(ErrorCode::Invalid, "the pose \"" + shot.pose + "\" cannot be edited here (pick a library pose first)");
    }
    TS_TRY_ASSIGN(scene::Pose posed, editor::set_joint_angle(rig, base, angle, degrees));
    // An edited pose keeps its tags: the licence judges it as what it was made from, plus its angles.
    if (!posed.name.ends_with("-edited")) posed.name += "-edited";
    const std::string text = scene::pose_to_json(posed);
    const Sha256 hash = sha256(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    const fs::path file = m_scratch / (hash.hex().substr(0, 16) + ".json");
    TS_TRY(write_file_atomic(file, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())));

    studio::ShootShot edited = shot;
    edited.pose = file.string();
    const consent::Decision before = judge.decide(prepared);
    TS_TRY_ASSIGN(const consent::Decision after, judge.decide(m_shoot, edited));
    if (!after.granted() && (before.granted() || after.violations().size() > before.violations().size()))
        return make_error(ErrorCode::Refused, std::string(scene::joint_angle_name(angle)) + " " +
                                                  std::to_string(int(std::lround(degrees))) + " degrees: " + refusal_text(after));
    edit(std::string(scene::joint_angle_name(angle)) + " " + std::to_string(int(std::lround(degrees))),
         [&](studio::ShootShot& s) { s.pose = edited.pose; });
    return {};
}

std::string ShootDocument::fresh_id(const studio::ShootShot& shot) const {
    const std::string pose = shot.pose.empty() ? "rest"
                             : fs::path(shot.pose).extension() == ".json" ? "posed"
                                                                          : shot.pose;
    std::string stem;
    for (char c : shot.twin_id + "-" + pose) stem += (std::isalnum(uint8_t(c)) ? char(std::tolower(uint8_t(c))) : '-');
    stem = stem.substr(0, 56);
    for (int n = 1;; ++n) {
        const std::string id = stem + "-" + std::to_string(n);
        if (std::none_of(m_state.shots.begin(), m_state.shots.end(), [&](const auto& s) { return s.id == id; })) return id;
    }
}

Status ShootDocument::add_current(ShotJudge& judge) {
    TS_TRY_ASSIGN(const consent::Decision decision, judge.decide(m_shoot, m_state.current));
    if (!decision.granted())
        return make_error(ErrorCode::Refused, "this shot is refused by its licence and cannot be added: " + refusal_text(decision));
    EditorState next = m_state;
    studio::ShootShot added = m_state.current;
    added.id = fresh_id(added);
    next.shots.push_back(std::move(added));
    next.selected = int(next.shots.size()) - 1;
    std::string label = "add shot " + next.shots.back().id;
    commit(std::move(label), std::move(next));
    return {};
}

void ShootDocument::remove(size_t index) {
    assert(index < m_state.shots.size());
    EditorState next = m_state;
    const std::string id = next.shots[index].id;
    next.shots.erase(next.shots.begin() + std::ptrdiff_t(index));
    next.selected = std::min(next.selected, int(next.shots.size()) - 1);
    commit("delete shot " + id, std::move(next));  // id copied above: `next` is moved
}

void ShootDocument::move(size_t from, size_t to) {
    assert(from < m_state.shots.size() && to < m_state.shots.size());
    if (from == to) return;
    EditorState next = m_state;
    studio::ShootShot shot = std::move(next.shots[from]);
    next.shots.erase(next.shots.begin() + std::ptrdiff_t(from));
    next.shots.insert(next.shots.begin() + std::ptrdiff_t(to), std::move(shot));
    next.selected = int(to);
    std::string label = "move shot " + next.shots[to].id;
    commit(std::move(label), std::move(next));
}

void ShootDocument::select(size_t index) {
    assert(index < m_state.shots.size());
    EditorState next = m_state;
    next.selected = int(index);
    next.current = m_state.shots[index];
    if (same_state(next, m_state)) return;
    std::string label = "select shot " + next.current.id;
    commit(std::move(label), std::move(next));
}

void ShootDocument::undo() {
    assert(can_undo());
    apply(m_history[--m_position].state);
}

void ShootDocument::redo() {
    assert(can_redo());
    apply(m_history[++m_position].state);
}

Status ShootDocument::save_as(const fs::path& file) {
    if (file.empty()) return make_error(ErrorCode::Invalid, "no file to save to (save as a file first)");
    if (m_state.shots.empty()) return make_error(ErrorCode::Invalid, file.string() + ": a shoot needs at least one shot in its list");
    studio::Shoot out = m_shoot;
    out.file = file;
    if (out.name == "untitled") {
        std::string stem;
        for (char c : file.stem().string()) stem += std::isalnum(uint8_t(c)) || c == '-' || c == '_' ? char(std::tolower(uint8_t(c))) : '-';
        out.name = stem.empty() || !std::isalnum(uint8_t(stem[0])) ? "shoot" : stem;
    }
    // Edited poses leave the session's scratch folder for a folder beside the shoot file.
    const fs::path pose_folder = file.parent_path() / (file.stem().string() + ".poses");
    std::vector<std::pair<fs::path, fs::path>> copies;
    for (studio::ShootShot& shot : out.shots) {
        if (fs::path(shot.pose).extension() != ".json" || fs::path(shot.pose).parent_path() != m_scratch) continue;
        const fs::path target = pose_folder / (shot.id + ".json");
        copies.emplace_back(shot.pose, target);
        shot.pose = target.string();
    }
    std::error_code ec;
    if (!copies.empty()) fs::create_directories(pose_folder, ec);
    for (const auto& [from, to] : copies) {
        TS_TRY_ASSIGN(std::vector<uint8_t> bytes, read_file(from));
        TS_TRY(write_file_atomic(to, bytes));
    }
    TS_TRY(studio::save_shoot(out, file));
    m_shoot.file = file;
    m_shoot.name = out.name;
    // The list now names the saved pose files (the same poses: not an edit).
    for (Snapshot& snapshot : m_history)
        for (studio::ShootShot& shot : snapshot.state.shots)
            for (size_t i = 0; i < out.shots.size(); ++i)
                if (shot.id == out.shots[i].id && shot.pose == m_state.shots[i].pose) shot.pose = out.shots[i].pose;
    apply(m_history[m_position].state);
    m_saved_revision = m_history[m_position].revision;
    return {};
}

}  // namespace twinshoot::editor
