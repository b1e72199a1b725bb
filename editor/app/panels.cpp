// The editor's panels. Each reads the model (document, review, library) and changes it only through
// ShootDocument; what the licence allows is the review's (ShotJudge), never decided here.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>

#include "asset/texture_decode.h"
#include "core/file_io.h"
#include "editor_app.h"
#include "scene/light_rig.h"
#include "scene/shot_camera.h"

namespace twinshoot::editor {
namespace fs = std::filesystem;

namespace {

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
const ImVec4 kRefused{1.0f, 0.45f, 0.40f, 1.0f};
const ImVec4 kGranted{0.45f, 0.85f, 0.45f, 1.0f};

std::string pretty(std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

void section(const char* title) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", title);
    ImGui::Separator();
}

void begin_panel(const char* title, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    ImGui::Begin(title, nullptr, kPanelFlags | extra);
}

}  // namespace

void EditorApp::tooltip_when_hovered(const std::string& text) {
    if (!text.empty() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

bool EditorApp::licensed_selectable(const std::string& id, const std::string& label, bool selected,
                                    const Availability* availability) {
    const bool enabled = !availability || availability->enabled;
    ImGui::BeginDisabled(!enabled);
    const bool clicked = ImGui::Selectable((label + (enabled ? "" : "  (not licensed)") + "##" + id).c_str(), selected);
    ImGui::EndDisabled();
    track(id);
    if (!enabled) tooltip_when_hovered("Not allowed by the licence:\n" + availability->reason);
    return clicked && enabled;
}

bool EditorApp::slider(const std::string& id, float model_value, float min, float max, const char* format,
                       ImGuiSliderFlags flags, float& committed) {
    const auto it = m_dragged.find(id);
    float value = it != m_dragged.end() ? it->second : model_value;
    ImGui::SliderFloat(id.c_str(), &value, min, max, format, flags);
    const bool active = ImGui::IsItemActive();
    const bool done = ImGui::IsItemDeactivatedAfterEdit();
    if (active) m_dragged[id] = value;
    else m_dragged.erase(id);
    if (done) committed = value;
    return done;
}

void EditorApp::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...", "Ctrl+O")) {
            m_path_dialog = true;
            m_path_dialog_saves = false;
        }
        if (ImGui::MenuItem("Save", "Ctrl+S")) save(m_document->file().empty());
        if (ImGui::MenuItem("Save as...", "Ctrl+Shift+S")) save(true);
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) request_quit();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Edit")) {
        const std::string undo = m_document->can_undo() ? "Undo " + m_document->undo_label() : "Undo";
        const std::string redo = m_document->can_redo() ? "Redo " + m_document->redo_label() : "Redo";
        if (ImGui::MenuItem(undo.c_str(), "Ctrl+Z", false, m_document->can_undo())) m_document->undo();
        if (ImGui::MenuItem(redo.c_str(), "Ctrl+Y", false, m_document->can_redo())) m_document->redo();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Shot")) {
        if (ImGui::MenuItem("Add to shot list", "Ctrl+Enter", false, m_review.decision.granted())) add_current();
        if (ImGui::MenuItem("Reset view", "F")) {
            m_orbit = {};
            m_viewport_dirty = true;
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Render")) {
        if (ImGui::MenuItem("Render all in the background", "Ctrl+R")) render_all();
        if (ImGui::MenuItem("Show contact sheet", nullptr, m_show_contact_sheet, m_contact_sheet.has_value())) {
            m_show_contact_sheet = !m_show_contact_sheet;
            if (m_show_contact_sheet) m_pending_viewport = *m_contact_sheet;
            else m_viewport_dirty = m_show_at_once = true;
        }
        ImGui::EndMenu();
    }
    const std::string title = (m_document->file().empty() ? std::string("untitled") : m_document->file().filename().string()) +
                              (m_document->dirty() ? " *" : "");
    ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(title.c_str()).x - 16.0f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::EndMainMenuBar();
}

void EditorApp::panel_library(ImVec2 pos, ImVec2 size) {
    begin_panel("Library", pos, size);
    const studio::ShootShot& shot = m_document->current();
    if (ImGui::BeginTabBar("library")) {
        bool open = ImGui::BeginTabItem("Poses");
        track("library-tab:Poses");
        if (open) {
            for (const scene::Pose& pose : m_library.poses) {
                std::string label = pose.name;
                if (!pose.tags.empty()) label += "  [" + pose.tags.front() + (pose.tags.size() > 1 ? ", ..." : "") + "]";
                const auto it = m_review.poses.find(pose.name);
                if (licensed_selectable("pose:" + pose.name, label, shot.pose == pose.name,
                                        it == m_review.poses.end() ? nullptr : &it->second))
                    edit("pose " + pose.name, [&](studio::ShootShot& s) { s.pose = pose.name; });
            }
            if (licensed_selectable("pose:rest", "rest (the twin's own)", shot.pose.empty(), nullptr))
                edit("pose rest", [](studio::ShootShot& s) { s.pose.clear(); });
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem("Garments");
        track("library-tab:Garments");
        if (open) {
            for (const LibraryGarment& g : m_library.garments) {
                const scene::GarmentPackage& p = g.package;
                const auto worn = std::find_if(shot.garments.begin(), shot.garments.end(), [&](auto& w) { return w.id == p.id; });
                const auto it = m_review.garments.find(p.id);
                const std::string label = (worn != shot.garments.end() ? "[x] " : "[ ] ") + p.id + "  (" + p.category + ")";
                if (licensed_selectable("garment:" + p.id, label, worn != shot.garments.end(),
                                        it == m_review.garments.end() ? nullptr : &it->second)) {
                    if (worn != shot.garments.end()) {
                        edit("take off " + p.id, [&](studio::ShootShot& s) {
                            s.garments.erase(std::remove_if(s.garments.begin(), s.garments.end(), [&](auto& w) { return w.id == p.id; }),
                                             s.garments.end());
                        });
                    } else {
                        edit("wear " + p.id, [&](studio::ShootShot& s) {
                            s.garments.push_back({.id = p.id, .colourway = p.default_colourway, .folder = p.folder});
                            std::stable_sort(s.garments.begin(), s.garments.end(), [&](auto& a, auto& b) {
                                const LibraryGarment* ga = m_library.garment(a.id);
                                const LibraryGarment* gb = m_library.garment(b.id);
                                return a.layer.value_or(ga ? ga->package.layer : 0) < b.layer.value_or(gb ? gb->package.layer : 0);
                            });
                        });
                    }
                }
                if (worn == shot.garments.end()) continue;
                ImGui::Indent();
                for (const scene::Colourway& c : p.colourways) {
                    ImGui::SameLine();
                    const bool current = worn->colourway == c.name || (worn->colourway.empty() && c.name == p.default_colourway);
                    if (ImGui::RadioButton((c.name + "##" + p.id).c_str(), current))
                        edit(p.id + " in " + c.name, [&](studio::ShootShot& s) {
                            for (auto& w : s.garments)
                                if (w.id == p.id) w.colourway = c.name;
                        });
                    track("colourway:" + p.id + ":" + c.name);
                }
                ImGui::Unindent();
            }
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem("Twins");
        track("library-tab:Twins");
        if (open) {
            for (const LibraryTwin& t : m_library.twins)
                if (licensed_selectable("twin:" + t.id, t.display_name + "  (" + t.id + ")", shot.twin_id == t.id, nullptr))
                    edit("twin " + t.id, [&](studio::ShootShot& s) {
                        s.twin_id = t.id;
                        s.twin_folder = t.folder;
                        // Keep the garments the new twin can wear (the engine's one wear rule).
                        std::erase_if(s.garments, [&](const studio::ShootGarment& w) {
                            const LibraryGarment* g = m_library.garment(w.id);
                            return !g || !scene::garment_wear(g->package, t.id);
                        });
                    });
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem("Looks");
        track("library-tab:Looks");
        if (open) {
            section("Light rigs");
            for (const std::string& rig : m_library.light_rigs)
                if (licensed_selectable("rig:" + rig, rig, shot.look.lights == rig, nullptr))
                    edit("lights " + rig, [&](studio::ShootShot& s) { s.look.lights = rig; });
            section("Environments");
            for (const std::string& env : m_library.environments) {
                const std::string label = env.empty() ? "the rig's own" : env == "studio" ? "studio (generated)" : fs::path(env).filename().string();
                if (licensed_selectable("env:" + env, label, shot.look.environment == fs::path(env), nullptr))
                    edit("environment " + label, [&](studio::ShootShot& s) { s.look.environment = env; });
            }
            section("Backgrounds");
            for (const std::string& bg : m_library.backgrounds)
                if (licensed_selectable("background:" + bg, bg, shot.background == bg, nullptr))
                    edit("background " + bg, [&](studio::ShootShot& s) { s.background = bg; });
            section("Seats (seated poses)");
            for (const std::string& seat : m_library.seats)
                if (licensed_selectable("seat:" + seat, seat, shot.seat == seat, nullptr))
                    edit("seat " + seat, [&](studio::ShootShot& s) { s.seat = seat; });
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!m_library.problems.empty()) {
        ImGui::Separator();
        for (const LibraryProblem& p : m_library.problems) ImGui::TextColored(kRefused, "%s", p.message.c_str());
    }
    ImGui::End();
}

void EditorApp::panel_inspector(ImVec2 pos, ImVec2 size) {
    begin_panel("Inspector", pos, size);
    if (ImGui::BeginTabBar("inspector")) {
        bool open = ImGui::BeginTabItem("Shot");
        track("tab:Shot");
        if (open) {
            tab_shot();
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem("Pose");
        track("tab:Pose");
        if (open) {
            tab_pose();
            ImGui::EndTabItem();
        }
        open = ImGui::BeginTabItem("Consent");
        track("tab:Consent");
        if (open) {
            tab_consent();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

void EditorApp::tab_shot() {
    const studio::ShootShot& shot = m_document->current();
    ImGui::Text("Twin: %s", shot.twin_id.c_str());
    ImGui::Text("Pose: %s", shot.pose.empty() ? "rest" : fs::path(shot.pose).extension() == ".json" ? "edited (joint sliders)" : shot.pose.c_str());
    section("Garments, inner layer first");
    if (shot.garments.empty()) ImGui::TextDisabled("none (add them from the Library's Garments)");
    for (size_t i = 0; i < shot.garments.size(); ++i) {
        const studio::ShootGarment& g = shot.garments[i];
        const LibraryGarment* package = m_library.garment(g.id);
        const int layer = g.layer.value_or(package ? package->package.layer : 0);
        const std::string colourway = g.colourway.empty() && package ? package->package.default_colourway : g.colourway;
        ImGui::Text("layer %d  %s in %s", layer, g.id.c_str(), colourway.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton(("take off##" + g.id).c_str())) {
            const std::string id = g.id;
            edit("take off " + id, [&](studio::ShootShot& s) { std::erase_if(s.garments, [&](auto& w) { return w.id == id; }); });
            break;
        }
    }
    section("Brand and use");
    if (ImGui::BeginCombo("brand", m_document->shoot().brand.c_str())) {
        for (const auto& [brand, availability] : m_review.brands)
            if (licensed_selectable("brand:" + brand, brand, brand == m_document->shoot().brand, &availability))
                if (m_document->set_brand(brand)) say("brand " + brand);
        ImGui::EndCombo();
    }
    for (consent::Use use : consent::all_uses()) {
        const std::string name = consent::use_name(use);
        const auto it = m_review.uses.find(name);
        const bool enabled = it == m_review.uses.end() || it->second.enabled;
        ImGui::BeginDisabled(!enabled);
        if (ImGui::RadioButton((name + "##use").c_str(), shot.use == use) && enabled)
            edit("use " + name, [&](studio::ShootShot& s) { s.use = use; });
        ImGui::EndDisabled();
        track("use:" + name);
        if (!enabled) tooltip_when_hovered("Not allowed by the licence:\n" + it->second.reason);
    }
    section("Territories");
    int column = 0;
    for (const std::string& t : offered_territories()) {
        const auto it = m_review.territories.find(t);
        bool on = std::find(shot.territories.begin(), shot.territories.end(), t) != shot.territories.end();
        const bool enabled = on || it == m_review.territories.end() || it->second.enabled;
        if (column++ % 4) ImGui::SameLine(float((column - 1) % 4) * 70.0f + 8.0f);
        ImGui::BeginDisabled(!enabled || (on && shot.territories.size() == 1));
        if (ImGui::Checkbox((t + "##territory").c_str(), &on))
            edit((on ? "add " : "remove ") + t, [&](studio::ShootShot& s) {
                if (on) s.territories.push_back(t);
                else std::erase(s.territories, t);
            });
        ImGui::EndDisabled();
        track("territory:" + t);
        if (!enabled) tooltip_when_hovered("Not allowed by the licence:\n" + it->second.reason);
    }
    section("Camera");
    const char* framing = scene::framing_name(shot.camera.framing);
    if (ImGui::BeginCombo("framing", framing)) {
        for (const std::string& f : scene::framing_names())
            if (ImGui::Selectable(f.c_str(), f == framing))
                edit("framing " + f, [&](studio::ShootShot& s) { s.camera.framing = *scene::parse_framing(f); });
        ImGui::EndCombo();
    }
    float v = 0.0f;
    if (slider("yaw", shot.camera.yaw_degrees, -180.0f, 180.0f, "%.0f deg", 0, v))
        edit("yaw " + std::to_string(int(std::lround(v))), [&](studio::ShootShot& s) { s.camera.yaw_degrees = std::round(v); });
    if (slider("pitch", shot.camera.pitch_degrees, -60.0f, 60.0f, "%.0f deg", 0, v))
        edit("pitch " + std::to_string(int(std::lround(v))), [&](studio::ShootShot& s) { s.camera.pitch_degrees = std::round(v); });
    if (slider("focal length", shot.camera.focal_length_mm, 12.0f, 600.0f, "%.0f mm", ImGuiSliderFlags_Logarithmic, v))
        edit("focal length " + std::to_string(int(std::lround(v))), [&](studio::ShootShot& s) { s.camera.focal_length_mm = std::round(v); });
    section("Format, light, background");
    if (ImGui::BeginCombo("format", shot.format.c_str())) {
        for (const studio::FormatPreset& f : studio::format_presets()) {
            const std::string label = std::string(f.name) + "  " + std::to_string(f.width) + "x" + std::to_string(f.height);
            if (ImGui::Selectable(label.c_str(), shot.format == f.name))
                edit(std::string("format ") + f.name, [&](studio::ShootShot& s) {
                    s.format = f.name;
                    s.size = {f.width, f.height};
                });
        }
        ImGui::EndCombo();
    }
    if (ImGui::BeginCombo("lights", shot.look.lights.c_str())) {
        for (const std::string& rig : m_library.light_rigs)
            if (ImGui::Selectable(rig.c_str(), rig == shot.look.lights)) edit("lights " + rig, [&](studio::ShootShot& s) { s.look.lights = rig; });
        ImGui::EndCombo();
    }
    const float ev = shot.look.ev100.value_or(scene::light_rig(shot.look.lights).value_or(scene::default_lighting()).ev100);
    if (slider("EV100", ev, -6.0f, 24.0f, "%.1f", 0, v))
        edit("exposure", [&](studio::ShootShot& s) { s.look.ev100 = std::round(v * 10.0f) / 10.0f; });
    std::string background = shot.background;
    if (ImGui::InputText("background", &background, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (studio::parse_backdrop(background)) edit("background " + background, [&](studio::ShootShot& s) { s.background = background; });
        else say("background \"" + background + "\": expected #RRGGBB, transparent, environment or cyclorama [#FLOOR [#TOP]]");
    }
    std::string seat = shot.seat;
    if (ImGui::InputText("seat", &seat, ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (studio::parse_seat_prop(seat)) edit("seat " + seat, [&](studio::ShootShot& s) { s.seat = seat; });
        else say("seat \"" + seat + "\": expected stool, stool #RRGGBB or none");
    }
}

void EditorApp::tab_pose() {
    const studio::ShootShot& shot = m_document->current();
    ImGui::TextWrapped("Pose: %s. Sliders set anatomical angles measured on the twin, as the licence measures them; "
                       "a slider stops at the licence's limit.",
                       shot.pose.empty() ? "rest" : fs::path(shot.pose).extension() == ".json" ? "edited" : shot.pose.c_str());
    if (!m_review.angles) {
        ImGui::TextColored(kRefused, "%s", m_review.error.empty() ? "this twin cannot be posed" : m_review.error.c_str());
        return;
    }
    for (size_t a = 0; a < scene::kJointAngleCount; ++a) {
        const auto angle = scene::JointAngle(a);
        const JointRange& range = m_review.joints[a];
        float value = (*m_review.angles)[angle];
        const std::string name = scene::joint_angle_name(angle);
        // A slider the licence limits says so in its own text at the limit, and its name (yellow, red
        // at the limit) carries the rule on hover.
        const bool limited = !range.limit.empty();
        const auto dragged = m_dragged.find("##" + name);
        const float shown = dragged != m_dragged.end() ? dragged->second : value;
        const bool at_limit = limited && (shown >= range.max_deg - 0.5f || shown <= range.min_deg + 0.5f);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
        const bool done = slider("##" + name, value, range.min_deg, range.max_deg, at_limit ? "%.0f: licence limit" : "%.0f deg",
                                 ImGuiSliderFlags_AlwaysClamp, value);
        track("joint:" + name);
        if (limited) tooltip_when_hovered(range.limit);
        if (done) {
            if (auto set = m_document->set_joint_angle(*m_judge, m_library, angle, value); !set) say(set.error().message);
            else say(pretty(name) + " " + std::to_string(int(std::lround(value))) + " deg");
        }
        ImGui::SameLine();
        if (limited) ImGui::TextColored(at_limit ? kRefused : ImVec4(0.95f, 0.85f, 0.45f, 1.0f), "%s", pretty(name).c_str());
        else ImGui::TextUnformatted(pretty(name).c_str());
        if (limited) tooltip_when_hovered(range.limit);
    }
}

void EditorApp::tab_consent() {
    const consent::Decision& d = m_review.decision;
    section("This shot");
    if (d.granted()) {
        const consent::Grant& g = d.grant();
        ImGui::TextColored(kGranted, "Granted by %s (%s)", g.licence_id().c_str(), g.permission_id().c_str());
        ImGui::Text("Fee per delivered image: %s", g.fee().str().c_str());
        if (g.disclosure_label()) ImGui::TextWrapped("Label drawn into the image: \"%s\"", g.disclosure_label()->c_str());
    } else {
        ImGui::TextColored(kRefused, "%s", m_review.error.empty() ? "Refused:" : "Cannot be prepared, so not judged:");
        if (!m_review.error.empty()) ImGui::TextWrapped("%s", m_review.error.c_str());
        for (const auto& v : d.violations()) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s [%s]", v.sentence.c_str(), v.rule.c_str());
        }
    }
    section("The licence in plain words");
    if (!m_review.licence) {
        ImGui::TextWrapped("The licence could not be read.");
        return;
    }
    for (const auto& v : m_review.standing) ImGui::TextColored(kRefused, "%s", v.sentence.c_str());
    const consent::Licence& l = *m_review.licence;
    for (const consent::Permission& p : l.permissions) {
        if (!p.max_uses) continue;
        if (m_review.uses_made)
            ImGui::TextWrapped("%s: %lld of %lld uses left", p.id.c_str(), (long long)std::max<int64_t>(0, *p.max_uses - *m_review.uses_made),
                        (long long)*p.max_uses);
        else
            ImGui::TextWrapped("%s: at most %lld uses (open with --ledger to count those made)", p.id.c_str(), (long long)*p.max_uses);
    }
    ImGui::TextWrapped("%s", consent::describe_licence(l).c_str());
}

void EditorApp::panel_shot_list(ImVec2 pos, ImVec2 size) {
    begin_panel("Shot list", pos, size);
    const bool granted = m_review.decision.granted();
    ImGui::BeginDisabled(!granted);
    if (ImGui::Button("Add current shot")) add_current();
    ImGui::EndDisabled();
    track("button:add");
    if (!granted) tooltip_when_hovered("The licence refuses this shot, so it cannot be added (see Consent).");
    const int selected = m_document->selected();
    const bool has = selected >= 0 && size_t(selected) < m_document->shots().size();
    ImGui::SameLine();
    ImGui::BeginDisabled(!has || selected == 0);
    if (ImGui::ArrowButton("up", ImGuiDir_Up)) m_document->move(size_t(selected), size_t(selected - 1));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!has || size_t(selected + 1) >= m_document->shots().size());
    if (ImGui::ArrowButton("down", ImGuiDir_Down)) m_document->move(size_t(selected), size_t(selected + 1));
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!has);
    if (ImGui::Button("Delete")) m_document->remove(size_t(selected));
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Save")) save(m_document->file().empty());
    ImGui::SameLine();
    if (ImGui::Button("Open...")) {
        m_path_dialog = true;
        m_path_dialog_saves = false;
    }
    ImGui::SameLine();
    const BackgroundProgress progress = m_background.progress();
    ImGui::BeginDisabled(progress.running);
    if (ImGui::Button("Render all")) render_all();
    ImGui::EndDisabled();
    track("button:render-all");
    if (progress.finished && !progress.contact_sheet.empty() && !m_contact_sheet) {
        if (auto bytes = read_file(progress.contact_sheet)) {
            if (auto sheet = asset::decode_image(*bytes, progress.contact_sheet.string())) m_contact_sheet = std::move(*sheet);
        }
    }
    if (m_contact_sheet) {
        ImGui::SameLine();
        if (ImGui::Button(m_show_contact_sheet ? "Back to shot" : "Contact sheet")) {
            m_show_contact_sheet = !m_show_contact_sheet;
            if (m_show_contact_sheet) m_pending_viewport = *m_contact_sheet;
            else m_viewport_dirty = m_show_at_once = true;
        }
        track("button:contact-sheet");
    }
    if (progress.running || progress.finished) {
        ImGui::SameLine();
        const float fraction = progress.total ? float(progress.done) / float(progress.total) : 0.0f;
        ImGui::ProgressBar(fraction, {std::min(160.0f, ImGui::GetContentRegionAvail().x * 0.4f), 0.0f},
                           (std::to_string(progress.done) + "/" + std::to_string(progress.total)).c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(progress.message.c_str());
        tooltip_when_hovered(progress.message);
    }
    if (ImGui::BeginTable("shots", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("shot");
        ImGui::TableSetupColumn("twin");
        ImGui::TableSetupColumn("pose");
        ImGui::TableSetupColumn("format");
        ImGui::TableSetupColumn("use");
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < m_document->shots().size(); ++i) {
            const studio::ShootShot& s = m_document->shots()[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable((s.id + "##row").c_str(), int(i) == selected, ImGuiSelectableFlags_SpanAllColumns))
                m_document->select(i);
            track("shot:" + s.id);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.twin_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.pose.empty() ? "rest" : fs::path(s.pose).extension() == ".json" ? "edited" : s.pose.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(s.format.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(consent::use_name(s.use));
        }
        ImGui::EndTable();
        track("table:shots");
    }
    ImGui::End();
}

void EditorApp::panel_viewport(ImVec2 pos, ImVec2 size) {
    // No background: the image is blitted under the UI (gpu_ui.h).
    begin_panel("Viewport", pos, size,
                ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    const ImVec2 region = ImGui::GetContentRegionAvail();
    update_viewport(region);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("viewport", region, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                                                   ImGuiButtonFlags_MouseButtonMiddle);
    track("viewport");
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    if (!m_show_contact_sheet && ImGui::IsItemActive()) {
        const bool moved = io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f;
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) && moved) {
            m_orbit.orbit(io.MouseDelta.x, io.MouseDelta.y);
            m_viewport_dirty = m_interacting = true;
        } else if ((ImGui::IsMouseDragging(ImGuiMouseButton_Right) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle)) && moved) {
            m_orbit.pan(io.MouseDelta.x, io.MouseDelta.y, region.y);
            m_viewport_dirty = m_interacting = true;
        }
    }
    if (hovered && io.MouseWheel != 0.0f && !m_show_contact_sheet) {
        m_orbit.zoom_by(io.MouseWheel);
        m_viewport_dirty = m_interacting = true;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const bool showing = m_show_contact_sheet || m_preview->ready();
    if (showing && m_window->ui().has_viewport()) {
        const ImVec2 image = m_window->ui().viewport_size();
        const float scale = std::min(region.x / image.x, region.y / image.y);
        const ImVec2 shown{image.x * scale, image.y * scale};
        const ImVec2 a{origin.x + std::floor((region.x - shown.x) * 0.5f), origin.y + std::floor((region.y - shown.y) * 0.5f)};
        const ImVec2 b{a.x + shown.x, a.y + shown.y};
        const ImVec2 scale_fb = ImGui::GetIO().DisplayFramebufferScale;
        m_window->ui().show_viewport({a.x * scale_fb.x, a.y * scale_fb.y}, {b.x * scale_fb.x, b.y * scale_fb.y});
        if (!m_show_contact_sheet) {
            // Crop guides: thirds, and the square and 4:5 feed crops of taller formats.
            const ImU32 guide = IM_COL32(255, 255, 255, 70);
            for (int k = 1; k < 3; ++k) {
                draw->AddLine({a.x + shown.x * float(k) / 3.0f, a.y}, {a.x + shown.x * float(k) / 3.0f, b.y}, guide);
                draw->AddLine({a.x, a.y + shown.y * float(k) / 3.0f}, {b.x, a.y + shown.y * float(k) / 3.0f}, guide);
            }
            for (float aspect : {1.0f, 0.8f}) {
                if (shown.x / shown.y >= aspect - 0.01f) continue;
                const float h = shown.x / aspect;
                const float top = a.y + (shown.y - h) * 0.5f;
                draw->AddRect({a.x, top}, {b.x, top + h}, IM_COL32(255, 210, 80, 140));
            }
            if (!m_orbit.is_shot_camera())
                draw->AddText({a.x + 8, a.y + 8}, IM_COL32(255, 210, 80, 255), "free view: F resets to the shot's camera");
            if (m_show_skeleton && m_preview->ready()) {
                // The posed skeleton, projected with the camera the image was drawn from.
                const studio::StagedShot& staged = m_preview->staged();
                // The image this frame uploads is the draw collected at its end, if one is in flight.
                const scene::Camera camera = orbit_camera(staged.camera(), m_preview->drawing() ? m_drawing_orbit : m_shown_orbit);
                const float aspect = shown.x / shown.y;
                auto screen = [&](const glm::vec3& p) -> std::optional<ImVec2> {
                    const auto uv = scene::project_to_image(camera, aspect, p);
                    if (!uv) return std::nullopt;
                    return ImVec2{a.x + uv->x * shown.x, a.y + uv->y * shown.y};
                };
                for (const studio::OverlayBone& bone : staged.skeleton()) {
                    const auto from = screen(bone.from), to = screen(bone.to);
                    if (!from || !to) continue;
                    draw->AddLine(*from, *to, IM_COL32(60, 220, 255, 230), 2.0f);
                    draw->AddCircleFilled(*to, 3.0f, IM_COL32(255, 80, 60, 255));
                }
                draw->AddText({a.x + 8, b.y - 22}, IM_COL32(60, 220, 255, 255), "skeleton (K hides)");
            }
        }
    } else if (!m_preview->problem().empty()) {
        ImGui::SetCursorScreenPos({origin.x + 12, origin.y + 12});
        ImGui::PushTextWrapPos(origin.x + region.x - 12 - ImGui::GetWindowPos().x);
        ImGui::PushStyleColor(ImGuiCol_Text, kRefused);
        ImGui::TextWrapped("%s", ("Not rendered: " + m_preview->problem()).c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

void EditorApp::status_bar(ImVec2 pos, ImVec2 size) {
    begin_panel("status", pos, size, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
    ImGui::Text("frame %.1f ms (%.0f fps) | viewport %.0f ms | %s | %zu shots%s | %s", m_last_frame_ms,
                m_last_frame_ms > 0 ? 1000.0 / m_last_frame_ms : 0.0, m_last_viewport_ms,
                m_review.decision.granted() ? "granted" : "REFUSED", m_document->shots().size(),
                m_document->dirty() ? ", unsaved" : "", m_message.c_str());
    ImGui::End();
}

void EditorApp::dialogs() {
    if (m_quit_prompt) {
        ImGui::OpenPopup("Unsaved changes");
        m_quit_prompt = false;
    }
    if (ImGui::BeginPopupModal("Unsaved changes", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("The shoot has changes that are not saved.");
        if (!m_document->file().empty()) {
            if (ImGui::Button("Save")) {
                save(false);
                if (!m_document->dirty()) {
                    m_quit_confirmed = true;
                    ImGui::CloseCurrentPopup();
                }
            }
            track("button:save-and-quit");
            ImGui::SameLine();
        }
        if (ImGui::Button("Discard")) {
            m_quit_confirmed = true;
            ImGui::CloseCurrentPopup();
        }
        track("button:discard");
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        track("button:cancel");
        ImGui::EndPopup();
    }
    if (m_path_dialog) {
        ImGui::OpenPopup(m_path_dialog_saves ? "Save shoot as" : "Open shoot");
        m_path_dialog = false;
    }
    for (const bool saves : {true, false}) {
        if (!ImGui::BeginPopupModal(saves ? "Save shoot as" : "Open shoot", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) continue;
        ImGui::SetNextItemWidth(420.0f);
        const bool enter = ImGui::InputText("file", &m_path_text, ImGuiInputTextFlags_EnterReturnsTrue);
        if (!saves && m_document->dirty()) ImGui::TextColored(kRefused, "Opening another shoot discards the unsaved changes.");
        if (ImGui::Button("OK") || enter) {
            if (saves) {
                if (auto saved = m_document->save_as(m_path_text); !saved) say(saved.error().message);
                else say("saved " + m_path_text);
            } else {
                open_shoot(m_path_text);
            }
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace twinshoot::editor
