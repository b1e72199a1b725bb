#include "editor_app.h"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/file_io.h"
#include "studio/shoot_writer.h"

namespace twinshoot::editor {
namespace fs = std::filesystem;

namespace {

Result<fs::path> make_scratch() {
    std::string pattern = (fs::temp_directory_path() / "twinshoot-editor-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return make_error(ErrorCode::Io, "cannot make a scratch folder in " + fs::temp_directory_path().string());
    return fs::path(pattern);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

Result<std::unique_ptr<EditorApp>> EditorApp::create(const AppOptions& options, const Stopwatch& since_launch) {
    std::unique_ptr<EditorApp> app(new EditorApp());
    app->m_options = options;
    app->m_launch = since_launch;
    auto trust = consent::TrustStore::load(options.trust);
    if (!trust) return trust.error();
    app->m_trust.emplace(std::move(*trust));
    if (options.ledger) {
        TS_TRY_ASSIGN(consent::Ledger ledger, consent::Ledger::open_read_only(*options.ledger));
        app->m_ledger.emplace(std::move(ledger));
    }
    app->m_cache = std::make_unique<studio::AssetCache>();
    app->m_judge = std::make_unique<ShotJudge>(*app->m_trust, *app->m_cache, app->m_ledger ? &*app->m_ledger : nullptr);
    TS_TRY_ASSIGN(app->m_scratch, make_scratch());
    if (options.shoot) {
        studio::ShootLoadOptions load{.libraries = options.libraries, .poses = options.poses};
        TS_TRY_ASSIGN(ShootDocument doc, ShootDocument::open(*options.shoot, load, *app->m_cache, app->m_scratch));
        app->m_document.emplace(std::move(doc));
    }
    const fs::path poses = options.poses ? *options.poses
                           : app->m_document ? app->m_document->shoot().poses
                                             : fs::path("assets/poses");
    const std::vector<fs::path> libraries = app->m_document ? app->m_document->libraries() : options.libraries;
    app->m_library = scan_library(libraries, poses);
    if (!app->m_document) {
        TS_TRY_ASSIGN(ShootDocument doc, ShootDocument::create(app->m_library, libraries, poses, options.brand, app->m_scratch));
        app->m_document.emplace(std::move(doc));
    }
    for (const LibraryProblem& p : app->m_library.problems) std::fprintf(stderr, "twinshoot-editor: %s\n", p.message.c_str());
    TS_TRY_ASSIGN(app->m_window, EditorWindow::open(options.window));
    // The viewport renders on a device of its own: its frames then run while the window's device
    // draws the UI and presents (on a CPU device, two queues are two sets of rasteriser threads;
    // the image goes through host memory either way, see gpu_ui.h).
    TS_TRY_ASSIGN(app->m_viewport_gpu, view::GpuContext::open({.device_index = options.window.device_index,
                                                               .validation = options.window.validation,
                                                               .msaa = options.msaa}));
    // Dragged views draw the meshes' coarse levels, made as shots are uploaded (once per mesh content:
    // view/coarse_levels.h).
    if (options.interactive_coarse) app->m_viewport_gpu->renderer().set_coarse_levels(asset::CoarseOptions{});
    app->m_preview = std::make_unique<ShotPreview>(app->m_viewport_gpu->renderer());
    return app;
}

EditorApp::~EditorApp() {
    m_prefetch.reset();  // its worker uses the cache
    m_preview.reset();  // GPU buffers go before their device
    m_moving_renderer.reset();
    m_viewport_gpu.reset();
    m_window.reset();
    std::error_code ec;
    if (!m_scratch.empty()) fs::remove_all(m_scratch, ec);
}

Result<int> EditorApp::run() {
    while (true) {
        if (m_window->should_close()) {
            m_window->set_should_close(false);
            request_quit();
        }
        if (m_quit_confirmed) break;
        TS_TRY(frame());
        if (m_options.frames > 0 && m_frames >= m_options.frames) break;
    }
    if (m_options.bench_orbit || m_options.screenshot) {
        std::vector<double> steady(m_frame_ms.begin() + std::min<ptrdiff_t>(3, ptrdiff_t(m_frame_ms.size())), m_frame_ms.end());
        std::printf("editor: %d frames at %ux%u on %s\n", m_frames, m_window->swapchain().extent().width,
                    m_window->swapchain().extent().height, m_viewport_gpu->device().info().name.c_str());
        std::printf("editor: launch to first frame with the shot %.0f ms\n", m_first_frame_ms.value_or(-1.0));
        std::printf("editor: frame median %.1f ms (%.1f fps), viewport render median %.1f ms over %zu renders, last restage %.0f ms\n",
                    median(steady), steady.empty() ? 0.0 : 1000.0 / median(steady), median(m_viewport_ms),
                    m_viewport_ms.size(), m_preview->stage_ms());
    }
    if (m_options.bench_edits || m_options.bench_orbit) {
        if (m_prefetch_done_ms)
            std::printf("editor: prefetch of the shoot's looks and poses (%zu shots) done %.0f ms after launch\n",
                        m_prefetch->done(), *m_prefetch_done_ms);
        else
            std::printf("editor: prefetch %s\n", m_options.prefetch ? "not finished at exit" : "off");
    }
    if (m_edit_bench) m_edit_bench->print();
    else if (m_options.bench_edits) std::printf("editor: no edit made (waiting for the prefetch at exit; give more --frames)\n");
    // Under validation (tests), any message is a failure of the run.
    if (const uint32_t messages = m_window->gpu().instance().validation_message_count() +
                                  m_viewport_gpu->instance().validation_message_count();
        messages > 0) {
        std::fprintf(stderr, "twinshoot-editor: %u Vulkan validation messages\n", messages);
        return 1;
    }
    return 0;
}

void EditorApp::add_moving_renderer() {
    if (m_options.interactive_msaa == m_options.msaa || m_moving_renderer) return;
    auto moving = view::OffscreenRenderer::create(m_viewport_gpu->device(), m_options.interactive_msaa);
    if (!moving) {  // the drag keeps the batch's renderer
        say("viewport: no renderer for a dragged view: " + moving.error().message);
        return;
    }
    m_moving_renderer = std::move(*moving);
    m_preview->set_moving(m_moving_renderer.get());
}

void EditorApp::start_prefetch() {
    if (!m_options.prefetch) return;
    if (!m_prefetch) m_prefetch = std::make_unique<ShotPrefetch>(*m_cache);
    // Library garments the review shows disabled for this shot (the licence or the wear rule refuses
    // them) cannot be worn here: not worth binding.
    AssetLibrary offered = m_library;
    std::erase_if(offered.garments, [&](const LibraryGarment& g) {
        const auto it = m_review.garments.find(g.package.id);
        return it != m_review.garments.end() && !it->second.enabled;
    });
    m_prefetch->start(plan_prefetch(m_document->shoot(), m_document->shots(), m_document->current(), &offered));
}

void EditorApp::request_quit() {
    if (m_document->dirty()) m_quit_prompt = true;
    else m_quit_confirmed = true;
}

void EditorApp::refresh_review() {
    // Most frames change nothing; list edits change the document but not the shot under review.
    if (m_review_revision == m_document->revision()) return;
    m_review_revision = m_document->revision();
    if (shot_key(m_document->shoot(), m_document->current()) == m_review.key) return;
    m_review = m_judge->review(m_document->shoot(), m_document->current(), m_library);
}

void EditorApp::update_viewport(ImVec2 region) {
    if (m_show_contact_sheet) return;
    const view::RenderSize shot = m_document->current().size;
    // The shot's aspect at the viewport's size; at least 96 pixels on the short side, so rounding keeps
    // the aspect within the 3% the staged shot allows (a smaller viewport shows it scaled down).
    const float fit = std::min(region.x / float(shot.width), region.y / float(shot.height));
    const float scale = std::max(fit, 96.0f / float(std::min(shot.width, shot.height)));
    const view::RenderSize size{uint32_t(std::lround(float(shot.width) * scale)), uint32_t(std::lround(float(shot.height) * scale))};
    auto staged = m_preview->update(m_review, size);
    if (!staged) return;  // the viewport shows m_preview->problem()
    if (*staged) m_viewport_dirty = m_show_at_once = true;
    if (m_options.bench_orbit && m_frames > 0) {
        m_orbit.orbit(4.0f, 0.0f);
        m_viewport_dirty = m_interacting = true;
    }
    // While the view is dragged it is drawn at a lower resolution (as DCC viewports do), then once
    // more at full resolution when it stops.
    const bool interacting = std::exchange(m_interacting, false);
    if (!m_viewport_dirty && !(m_refine_pending && !interacting)) return;
    const DrawRequest request{.scale = interacting ? m_options.interactive_scale : 1.0f,
                              .moving = interacting && (m_moving_renderer || m_viewport_gpu->renderer().coarse_levels())};
    m_refine_pending = request.scale < 1.0f || request.moving;
    m_draw_request = request;  // submitted before this frame is presented: submit_viewport()
    m_viewport_dirty = false;
}

// The viewport is pipelined one frame deep: a frame collects the draw the previous one submitted
// and submits the draw it asks for, which renders (on the viewport's own device) while this frame
// is presented and the next one's UI is built. The image shows one frame after its view was asked for.
void EditorApp::submit_viewport() {
    const std::optional<DrawRequest> request = std::exchange(m_draw_request, std::nullopt);
    if (!request || m_show_contact_sheet || !m_preview->ready() || m_preview->drawing()) return;
    if (m_options.frames > 0 && m_frames + 1 >= m_options.frames && !m_show_at_once) return;  // the last frame: never shown
    m_draw_timer = Stopwatch();
    if (auto submitted = m_preview->submit(m_orbit, request->scale, request->moving); !submitted) {
        say("viewport: " + submitted.error().message);
        m_viewport_dirty = true;  // asked again next frame
        return;
    }
    m_drawing_orbit = m_orbit;
}

void EditorApp::collect_viewport() {
    if (!m_preview->drawing()) return;
    auto drawn = m_preview->collect();
    if (!drawn) {
        say("viewport: " + drawn.error().message);
        m_viewport_dirty = true;  // asked again next frame
        return;
    }
    m_last_viewport_ms = m_draw_timer.ms();
    m_viewport_ms.push_back(m_last_viewport_ms);
    if (m_show_contact_sheet) return;  // the sheet took the viewport meanwhile
    m_pending_viewport = std::move(drawn->image);
    m_shown_orbit = m_drawing_orbit;
}

Status EditorApp::frame() {
    TS_TRY_ASSIGN(const bool drawing, m_window->begin_frame());
    if (!drawing) return {};
    const bool prefetched = !m_prefetch || !m_options.bench_edits_after_prefetch || m_prefetch->finished();
    if (m_options.bench_edits && m_first_frame_ms && prefetched) {
        if (!m_edit_bench) {
            std::vector<studio::ShootGarment> library;
            if (m_options.bench_edits_library)
                for (const LibraryGarment& g : m_library.garments)
                    if (scene::garment_wear(g.package, m_document->current().twin_id))
                        library.push_back({.id = g.package.id, .colourway = g.package.default_colourway, .layer = std::nullopt,
                                           .folder = g.package.folder});
            m_edit_bench.emplace(m_document->current(), m_document->shots(), library);
        }
        if (auto next = m_edit_bench->next(m_frames)) edit(next->label, next->change);
    }
    refresh_review();
    shortcuts();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // The whole window (the menu bar's height is taken off below): WorkPos/WorkSize only exclude the
    // menu bar from the frame after it first appears, which would resize the viewport once.
    const ImVec2 origin = vp->Pos;
    menu_bar();
    const float top = ImGui::GetFrameHeight();
    const ImVec2 full = vp->Size;
    const float left_w = std::floor(full.x * 0.22f), right_w = std::floor(full.x * 0.28f);
    const float status_h = ImGui::GetFrameHeight() + 6.0f, list_h = std::floor(full.y * 0.24f);
    const float middle_h = full.y - top - status_h - list_h;  // below the menu bar
    panel_library({origin.x, origin.y + top}, {left_w, middle_h + list_h});
    panel_viewport({origin.x + left_w, origin.y + top}, {full.x - left_w - right_w, middle_h});
    panel_inspector({origin.x + full.x - right_w, origin.y + top}, {right_w, middle_h + list_h});
    panel_shot_list({origin.x + left_w, origin.y + top + middle_h}, {full.x - left_w - right_w, list_h});
    status_bar({origin.x, origin.y + full.y - status_h}, {full.x, status_h});
    dialogs();

    const bool shoot = m_options.screenshot && ((m_options.frames > 0 && m_frames + 1 == m_options.frames) || m_screenshot_requested);
    m_screenshot_requested = false;
    collect_viewport();
    submit_viewport();  // drawn while this frame is presented and the next one's UI is built
    // A new shot (an edit) or size is shown by this frame, not the next: an edit's latency counts.
    if (std::exchange(m_show_at_once, false)) collect_viewport();
    const asset::ImageRgba8* upload = m_pending_viewport ? &*m_pending_viewport : nullptr;
    TS_TRY(m_window->end_frame(upload, shoot ? &*m_options.screenshot : nullptr));
    if (upload && !m_first_frame_ms) {
        m_first_frame_ms = m_launch.ms();
        start_prefetch();  // after the first shot is shown: the launch does not wait for it
        add_moving_renderer();  // likewise (~0.2 s on lavapipe: pipelines, environment maps)
    }
    if (m_prefetch && !m_prefetch_done_ms && m_prefetch->finished()) m_prefetch_done_ms = m_launch.ms();
    if (upload && m_edit_bench) m_edit_bench->presented(m_frames);
    m_pending_viewport.reset();
    ++m_frames;
    m_last_frame_ms = m_frame_timer.ms();
    m_frame_timer = Stopwatch();
    m_frame_ms.push_back(m_last_frame_ms);
    write_test_outputs();
    return {};
}

void EditorApp::shortcuts() {
    const auto presses = m_window->take_key_presses();
    if (ImGui::GetIO().WantTextInput) return;  // typing a path or a colour
    for (const EditorWindow::KeyPress& press : presses) {
        const bool ctrl = press.mods & GLFW_MOD_CONTROL, shift = press.mods & GLFW_MOD_SHIFT;
        const int key = press.key;
        if (ctrl && !shift && key == GLFW_KEY_Z) {
            if (!m_document->can_undo()) continue;
            say("undid " + m_document->undo_label());
            m_document->undo();
        } else if (ctrl && (key == GLFW_KEY_Y || (shift && key == GLFW_KEY_Z))) {
            if (!m_document->can_redo()) continue;
            say("redid " + m_document->redo_label());
            m_document->redo();
        } else if (ctrl && key == GLFW_KEY_S) {
            save(shift || m_document->file().empty());
        } else if (ctrl && key == GLFW_KEY_O) {
            m_path_dialog = true;
            m_path_dialog_saves = false;
        } else if (ctrl && (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER)) {
            add_current();
        } else if (ctrl && key == GLFW_KEY_R) {
            render_all();
        } else if (ctrl && key == GLFW_KEY_Q) {
            request_quit();
        } else if (!ctrl && key == GLFW_KEY_DELETE && m_document->selected() >= 0) {
            m_document->remove(size_t(m_document->selected()));
        } else if (key == GLFW_KEY_F12 && m_options.screenshot) {
            m_screenshot_requested = true;
        } else if (!ctrl && (key == GLFW_KEY_F || key == GLFW_KEY_HOME)) {
            m_orbit = {};
            m_viewport_dirty = true;
        } else if (!ctrl && key == GLFW_KEY_K) {
            m_show_skeleton = !m_show_skeleton;
        }
    }
}

void EditorApp::edit(const std::string& what, const std::function<void(studio::ShootShot&)>& change) {
    if (m_document->edit(what, change)) say(what);
}

void EditorApp::add_current() {
    const size_t before = m_document->shots().size();
    if (auto added = m_document->add_current(*m_judge); !added) say(added.error().message);
    else say("added " + m_document->shots().back().id + " (" + std::to_string(before + 1) + " shots)");
}

void EditorApp::save(bool ask_for_path) {
    if (ask_for_path) {
        m_path_dialog = true;
        m_path_dialog_saves = true;
        m_path_text = m_document->file().empty() ? "shoot.json" : m_document->file().string();
        return;
    }
    if (auto saved = m_document->save(); !saved) say(saved.error().message);
    else say("saved " + m_document->file().string());
}

void EditorApp::open_shoot(const fs::path& file) {
    studio::ShootLoadOptions load{.libraries = m_options.libraries, .poses = m_options.poses};
    auto doc = ShootDocument::open(file, load, *m_cache, m_scratch);
    if (!doc) {
        say(doc.error().message);  // the current shoot stays open
        return;
    }
    m_document.emplace(std::move(*doc));
    m_library = scan_library(m_document->libraries(), m_document->shoot().poses);
    m_review_revision.reset();
    m_review.key.clear();
    m_orbit = {};
    if (m_first_frame_ms) {
        refresh_review();  // what the new shoot's shot may wear, for the prefetch's plan
        start_prefetch();
    }
    say("opened " + file.string());
}

void EditorApp::render_all() {
    if (m_document->dirty() || m_document->file().empty()) {
        say("save the shoot first: render all delivers the saved file");
        return;
    }
    const fs::path file = m_document->file();
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&now));
    const fs::path renders = file.parent_path() / (file.stem().string() + ".renders");
    BackgroundRenderJob job{.shoot_file = file, .libraries = m_options.libraries, .trust = m_options.trust,
                            .ledger = m_options.ledger.value_or(renders / "ledger.sqlite"), .out_dir = renders / stamp,
                            .validation = m_options.window.validation, .msaa = 4};
    if (!m_background.start(std::move(job))) {
        say("a render is already running");
        return;
    }
    say("rendering " + file.filename().string() + " in the background");
    m_contact_sheet.reset();
    if (m_show_contact_sheet) {
        m_show_contact_sheet = false;
        m_viewport_dirty = true;
    }
}

void EditorApp::track(const std::string& id) {
    if (!m_options.widget_map || !ImGui::IsItemVisible()) return;
    // Only what can be clicked: the part inside the current clip rectangle, if most of it is.
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 clip_a = list->GetClipRectMin(), clip_b = list->GetClipRectMax();
    const ImVec2 va{std::max(a.x, clip_a.x), std::max(a.y, clip_a.y)}, vb{std::min(b.x, clip_b.x), std::min(b.y, clip_b.y)};
    if (vb.y - va.y < 0.6f * (b.y - a.y) || vb.x <= va.x) return;
    m_widgets[id] = {va.x, va.y, vb.x, vb.y};
}

void EditorApp::write_test_outputs() {
    const auto write = [](const fs::path& file, const std::string& text) {
        (void)write_file_atomic(file, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    };
    if (m_options.widget_map) {
        nlohmann::json map = nlohmann::json::object();
        for (const auto& [id, r] : m_widgets) map[id] = {r[0], r[1], r[2], r[3]};
        const std::string text = nlohmann::json{{"frame", m_frames}, {"widgets", map}}.dump(1);
        m_widgets.clear();
        if (text != m_widget_json) write(*m_options.widget_map, m_widget_json = text);
    }
    if (m_options.state_out) {
        refresh_review();  // the decision of the shot as it is now, not as the frame began
        studio::Shoot one = m_document->shoot();
        one.shots = {m_document->current()};
        nlohmann::json state = studio::shoot_json(one, "x.json");
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& s : m_document->shots()) ids.push_back(s.id);
        nlohmann::json out = {{"current", state["shots"][0]}, {"use", state["use"]}, {"territories", state["territories"]},
                              {"brand", state["brand"]}, {"shots", ids}, {"dirty", m_document->dirty()},
                              {"granted", m_review.decision.granted()}, {"message", m_message}};
        const render::Swapchain& chain = m_window->swapchain();
        out["swapchain"] = {{"width", chain.extent().width}, {"height", chain.extent().height}, {"recreations", chain.recreations()}};
        const BackgroundProgress progress = m_background.progress();
        out["render"] = {{"running", progress.running}, {"finished", progress.finished}, {"done", progress.done},
                         {"total", progress.total}, {"delivered", progress.delivered}, {"message", progress.message},
                         {"contact_sheet", progress.contact_sheet.string()}};
        out["showing_contact_sheet"] = m_show_contact_sheet;
        const std::string text = out.dump(1);
        if (text != m_state_json) write(*m_options.state_out, m_state_json = text);
    }
}

}  // namespace twinshoot::editor
