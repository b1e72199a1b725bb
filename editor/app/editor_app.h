// EditorApp: the twinshoot-editor program — the window, the editor model (ShootDocument, ShotJudge,
// AssetLibrary, ShotPreview) and the panels that show and change them. Panels only call the model;
// the licence is judged by the model's ShotJudge, never here.
//
// Panels (panels.cpp): Library (twins, garments with colourways, poses, light rigs, environments,
// backgrounds), Shot, Pose, Consent, Shot list; a menu bar and a status bar (frame time).
// Shortcuts: Ctrl+Z undo, Ctrl+Y / Ctrl+Shift+Z redo, Ctrl+S save, Ctrl+Shift+S save as, Ctrl+O open,
// Ctrl+Enter add the shot to the list, Ctrl+R render all, Delete remove the selected shot,
// F or Home reset the view, Ctrl+Q quit (asking first when there are unsaved changes).
// Viewport: left-drag orbits, right- or middle-drag pans, the wheel zooms (the view, not the shot).
//
// For tests and benchmarks: --screenshot PATH --frames N writes the Nth frame and quits (F12 writes
// the current one there too); --widget-map
// writes where the tracked widgets are (for xdotool), --state-out the shot and list after every
// change; --bench-orbit re-renders the viewport every frame and prints frame times at exit.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asset_library.h"
#include "background_render.h"
#include "consent/trust_store.h"
#include "core/stopwatch.h"
#include "editor_window.h"
#include "shoot_document.h"
#include "shot_judge.h"
#include "edit_bench.h"
#include "shot_prefetch.h"
#include "shot_preview.h"
#include "view/gpu_context.h"

namespace twinshoot::editor {

struct AppOptions {
    std::optional<std::filesystem::path> shoot;
    std::vector<std::filesystem::path> libraries;
    std::optional<std::filesystem::path> poses;
    std::filesystem::path trust;
    std::optional<std::filesystem::path> ledger;
    std::string brand = "Demo Brand";  // for a new shoot
    WindowOptions window;
    std::optional<std::filesystem::path> screenshot;
    int frames = 0;  // quit after this many frames (0: run until closed)
    std::optional<std::filesystem::path> widget_map, state_out;
    bool bench_orbit = false;
    bool bench_edits = false;  // edit_bench.h: re-dress edits in turn, timed to the frame that shows them
    bool bench_edits_after_prefetch = false;  // ... starting once the prefetch has finished
    bool bench_edits_library = false;  // ... then each library garment the twin can wear, alone
    bool prefetch = true;  // shot_prefetch.h: prepare the shoot's other looks and poses on a worker
    float interactive_scale = 1.0f;  // viewport resolution while the view is dragged (1: full)
    uint32_t msaa = 4;  // the viewport's samples per pixel (the batch's by default)
    uint32_t interactive_msaa = 1;  // ... while the view is dragged (a second renderer when it differs)
    bool interactive_coarse = true;  // ... from each mesh's coarse level (asset/level_of_detail.h)
};

class EditorApp {
public:
    // Loads everything; errors name the file and the reason (nothing is opened on error).
    static Result<std::unique_ptr<EditorApp>> create(const AppOptions& options, const Stopwatch& since_launch);
    ~EditorApp();
    // Runs until the window closes (or --frames); returns the process exit code.
    Result<int> run();

private:
    EditorApp() = default;
    Status frame();
    void refresh_review();
    void update_viewport(ImVec2 region);
    void collect_viewport();  // the draw in flight, before the frame is presented
    void add_moving_renderer();  // after the first frame: --interactive-msaa's renderer
    void submit_viewport();   // the draw this frame asked for, before the frame is presented
    void shortcuts();
    void request_quit();
    void start_prefetch();  // the plan for the document's current shot (no-op with prefetch off)

    // panels.cpp
    void menu_bar();
    void panel_library(ImVec2 pos, ImVec2 size);
    void panel_inspector(ImVec2 pos, ImVec2 size);
    void tab_shot();
    void tab_pose();
    void tab_consent();
    void panel_shot_list(ImVec2 pos, ImVec2 size);
    void panel_viewport(ImVec2 pos, ImVec2 size);
    void status_bar(ImVec2 pos, ImVec2 size);
    void dialogs();
    // A choice the licence may forbid: disabled with its reason on hover. Returns true when clicked.
    bool licensed_selectable(const std::string& id, const std::string& label, bool selected, const Availability* availability);
    void tooltip_when_hovered(const std::string& text);
    void track(const std::string& id);  // --widget-map
    // A slider over a model value: the value being dragged is kept between frames (the model changes
    // only when the drag ends, as one undo step). Returns true with `committed` set when it ends.
    bool slider(const std::string& id, float model_value, float min, float max, const char* format, ImGuiSliderFlags flags,
                float& committed);
    void edit(const std::string& what, const std::function<void(studio::ShootShot&)>& change);
    void add_current();
    void save(bool ask_for_path);
    void open_shoot(const std::filesystem::path& file);
    void render_all();
    void say(std::string message) { m_message = std::move(message); }
    void write_test_outputs();

    AppOptions m_options;
    Stopwatch m_launch;
    std::unique_ptr<EditorWindow> m_window;
    std::unique_ptr<studio::AssetCache> m_cache;
    std::unique_ptr<ShotPrefetch> m_prefetch;  // uses m_cache: reset first
    std::optional<double> m_prefetch_done_ms;  // since launch, when the first plan finished
    std::optional<consent::TrustStore> m_trust;
    std::optional<consent::Ledger> m_ledger;
    std::unique_ptr<ShotJudge> m_judge;
    AssetLibrary m_library;
    std::optional<ShootDocument> m_document;
    std::filesystem::path m_scratch;
    std::unique_ptr<view::GpuContext> m_viewport_gpu;  // the viewport's renderer and its device
    std::unique_ptr<view::OffscreenRenderer> m_moving_renderer;  // on that device: the dragged view
    std::unique_ptr<ShotPreview> m_preview;
    ShotReview m_review;
    std::optional<uint64_t> m_review_revision;  // the document revision m_review was checked at
    ViewOrbit m_orbit;
    bool m_viewport_dirty = true;
    bool m_interacting = false;     // the view moved this frame: draw at interactive_scale and _msaa
    bool m_refine_pending = false;  // drawn so: draw again at full size and msaa when it stops
    bool m_screenshot_requested = false;  // F12 with --screenshot
    std::optional<asset::ImageRgba8> m_pending_viewport;  // uploaded at the end of the frame
    struct DrawRequest {
        float scale = 1.0f;   // resolution
        bool moving = false;  // the view is being dragged: the moving renderer (if any), coarse levels (if made)
    };
    std::optional<DrawRequest> m_draw_request;  // the viewport must be drawn
    bool m_show_at_once = false;          // restaged or resized: collect the draw in the same frame
    ViewOrbit m_drawing_orbit;            // the view of the draw in flight
    ViewOrbit m_shown_orbit;              // the view of the image the viewport shows
    Stopwatch m_draw_timer;               // since the draw in flight was submitted (the "viewport" figure:
                                          // submit to collected, the UI work it overlaps included)
    std::optional<asset::ImageRgba8> m_contact_sheet;
    bool m_show_contact_sheet = false;
    bool m_show_skeleton = false;  // K: the posed skeleton over the viewport, to check joints
    BackgroundRender m_background;
    std::string m_message;
    // Dialogs.
    bool m_quit_prompt = false, m_quit_confirmed = false;
    std::optional<std::filesystem::path> m_open_after_prompt;
    bool m_path_dialog = false;
    bool m_path_dialog_saves = true;
    std::string m_path_text;
    // Timing.
    int m_frames = 0;
    double m_last_frame_ms = 0.0, m_last_viewport_ms = 0.0;
    std::vector<double> m_frame_ms, m_viewport_ms;
    std::optional<EditBench> m_edit_bench;
    std::optional<double> m_first_frame_ms;
    Stopwatch m_frame_timer;
    // Test outputs.
    std::map<std::string, std::array<float, 4>> m_widgets;
    std::map<std::string, float> m_dragged;  // slider values while dragged
    std::string m_widget_json, m_state_json;
};

}  // namespace twinshoot::editor
