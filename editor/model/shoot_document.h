// ShootDocument: the editor's model of a shoot being composed — the shot being edited ("current"),
// the shot list, the shoot file it came from, and the history that makes every edit undoable.
//
// Every change goes through one of the methods below and becomes one undo step with a label
// ("Undo pose: walking"). Adding to the list and pose edits are judged first (ShotJudge, the CLI's
// evaluator): a refused shot is not added and a joint edit the licence forbids is not applied; both
// return ErrorCode::Refused with the licence's reasons and change nothing. dirty() is true while the
// shot list or shoot differ from what was last saved or opened (undoing back to it clears it).
//
// Poses edited with the joint sliders are written as pose files into `scratch` (a folder of the
// editing session, content-named so undo snapshots stay valid); save() copies the ones the list
// uses into "<shoot stem>.poses/<shot id>.json" beside the shoot file and points the shots at them.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "shot_judge.h"
#include "studio/shoot_file.h"

namespace twinshoot::editor {

struct EditorState {
    studio::ShootShot current;
    std::vector<studio::ShootShot> shots;
    int selected = -1;  // index into shots, -1 none
    std::string brand;
};

class ShootDocument {
public:
    static Result<ShootDocument> open(const std::filesystem::path& file, const studio::ShootLoadOptions& options,
                                      studio::AssetCache& cache, const std::filesystem::path& scratch);
    // A new, unsaved shoot: one shot of `twin` (from `library`) in its rest pose.
    static Result<ShootDocument> create(const AssetLibrary& library, const std::vector<std::filesystem::path>& libraries,
                                        const std::filesystem::path& poses, const std::string& brand,
                                        const std::filesystem::path& scratch);

    // The shoot with the current list (what save() writes and "render all" renders).
    const studio::Shoot& shoot() const { return m_shoot; }
    const studio::ShootShot& current() const { return m_state.current; }
    const std::vector<studio::ShootShot>& shots() const { return m_state.shots; }
    int selected() const { return m_state.selected; }
    const std::filesystem::path& file() const { return m_shoot.file; }  // empty until saved
    const std::vector<std::filesystem::path>& libraries() const { return m_libraries; }

    // Edits the current shot; a change that leaves it as it was records nothing. Returns whether it changed.
    bool edit(const std::string& what, const std::function<void(studio::ShootShot&)>& change);
    bool set_brand(const std::string& brand);
    // Sets one joint angle of the current shot's pose (pose_editing.h), judged before it is applied.
    Status set_joint_angle(ShotJudge& judge, const AssetLibrary& library, scene::JointAngle angle, float degrees);

    // The shot list.
    Status add_current(ShotJudge& judge);  // refused shots are not added
    void remove(size_t index);
    void move(size_t from, size_t to);
    void select(size_t index);  // the listed shot becomes the current shot (an undoable edit)

    bool can_undo() const { return m_position > 0; }
    bool can_redo() const { return m_position + 1 < m_history.size(); }
    const std::string& undo_label() const { return m_history[m_position].label; }
    const std::string& redo_label() const { return m_history[m_position + 1].label; }
    void undo();
    void redo();
    bool dirty() const { return m_history[m_position].revision != m_saved_revision; }
    // Changes whenever the state does (an edit, undo, redo): a cheap test before comparing contents.
    uint64_t revision() const { return m_history[m_position].revision; }

    // Writes the shoot file (atomically). Fails with nothing written when the list is empty.
    Status save_as(const std::filesystem::path& file);
    Status save() { return save_as(m_shoot.file); }

private:
    struct Snapshot {
        EditorState state;
        std::string label;  // what made this state
        uint64_t revision;
    };
    ShootDocument() = default;
    void commit(std::string label, EditorState next);
    void apply(const EditorState& state);
    std::string fresh_id(const studio::ShootShot& shot) const;

    studio::Shoot m_shoot;  // header fields; shots mirror m_state.shots
    std::vector<std::filesystem::path> m_libraries;
    std::filesystem::path m_scratch;
    EditorState m_state;
    std::vector<Snapshot> m_history;
    size_t m_position = 0;
    uint64_t m_next_revision = 1;
    uint64_t m_saved_revision = 0;
};

}  // namespace twinshoot::editor
