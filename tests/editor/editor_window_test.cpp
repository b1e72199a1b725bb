// twinshoot-editor in a real window (CTest runs this binary under xvfb-run): a screenshot after N
// frames, and an interaction test that drives the window with xdotool — the X server's own pointer
// and keyboard, through GLFW into Dear ImGui — trying a forbidden pose, a forbidden use and adding a
// refused shot, and checking (from the editor's --state-out) that nothing changed, while an allowed
// pose and the undo shortcut do change it.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "asset/image_difference.h"
#include "asset/texture_decode.h"
#include "core/file_io.h"

namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

const fs::path kSource = TWINSHOOT_SOURCE_DIR;

fs::path temp_folder(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("twinshoot-editor-window-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The editor as a child process.
class Editor {
public:
    explicit Editor(std::vector<std::string> args) {
        args.insert(args.begin(), TWINSHOOT_EDITOR);
        m_pid = ::fork();
        if (m_pid == 0) {
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    ~Editor() {
        if (m_pid > 0 && !m_exited) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    // The exit status, or -1 if it is still running after `timeout`.
    int wait(std::chrono::seconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_exited = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(50ms);
        }
        return -1;
    }
    bool running() {
        int status = 0;
        if (m_exited) return false;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) m_exited = true;
        return !m_exited;
    }

private:
    pid_t m_pid = -1;
    bool m_exited = false;
};

std::optional<json> read_json(const fs::path& file) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    try {
        return json::parse(in);
    } catch (const json::exception&) {
        return std::nullopt;  // caught mid-rename; read again
    }
}

std::vector<std::string> editor_args() {
    return {(kSource / "assets/shoots/demo.json").string(), "--library", TWINSHOOT_DEMO_ASSETS, "--trust",
            (kSource / "assets/trust").string(), "--size", "1280x720", "--msaa", "1"};
}

TEST(EditorWindow, ScreenshotShowsTheShotAndThePanels) {
    const fs::path dir = temp_folder("screenshot");
    std::vector<std::string> args = editor_args();
    args.insert(args.end(), {"--screenshot", (dir / "editor.png").string(), "--frames", "4", "--validation"});
    Editor editor(args);
    ASSERT_EQ(editor.wait(300s), 0);
    auto bytes = twinshoot::read_file(dir / "editor.png");
    ASSERT_TRUE(bytes);
    auto image = twinshoot::asset::decode_image(*bytes, "editor.png");
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(image->width, 1280u);
    EXPECT_EQ(image->height, 720u);
    // The viewport (the middle of the window) holds a rendered shot: many distinct colours, a light
    // cyclorama and the dark navy dress.
    size_t bright = 0, dark_blue = 0, samples = 0;
    for (uint32_t y = 60; y < 500; y += 2)
        for (uint32_t x = 400; x < 800; x += 2, ++samples) {
            const uint8_t* p = image->at(x, y);
            bright += p[0] > 200 && p[1] > 200 && p[2] > 200;
            dark_blue += p[2] > p[0] + 15 && p[0] < 60;
        }
    EXPECT_GT(bright, samples / 4) << "no cyclorama in the viewport";
    EXPECT_GT(dark_blue, samples / 100) << "no navy dress in the viewport";
    // The panels: the UI's dark panel backgrounds left and right, and text (light pixels) in them.
    const auto panel_text = [&](uint32_t x0, uint32_t x1) {
        size_t dark = 0, light = 0, n = 0;
        for (uint32_t y = 40; y < 680; y += 2)
            for (uint32_t x = x0; x < x1; x += 2, ++n) {
                const uint8_t* p = image->at(x, y);
                dark += p[0] < 50 && p[1] < 50 && p[2] < 50;
                light += p[0] > 180 && p[1] > 180 && p[2] > 180;
            }
        return std::pair{double(dark) / double(n), double(light) / double(n)};
    };
    const auto [left_dark, left_light] = panel_text(0, 270);
    const auto [right_dark, right_light] = panel_text(930, 1270);
    EXPECT_GT(left_dark, 0.5) << "no Library panel";
    EXPECT_GT(left_light, 0.01) << "no text in the Library panel";
    EXPECT_GT(right_dark, 0.5) << "no Inspector panel";
    EXPECT_GT(right_light, 0.01) << "no text in the Inspector panel";
    fs::remove_all(dir);
}

// A dragged view (--bench-orbit turns it 4 px a frame) is drawn by the moving renderer (MSAA 1) from
// the meshes' coarse levels (docs/editor.md); with --interactive-detail full, from every triangle.
// The same frame of the same orbit, both ways, under validation: the viewport shows the same
// picture within 3% of its pixels more than 8 levels off (view_tests measure 2.1% on a glossy
// figure), and not the same pixels (the coarse triangles were drawn).
TEST(EditorWindow, ADraggedViewIsDrawnFromCoarseLevelsThatLookLikeTheFullOnes) {
    const fs::path dir = temp_folder("dragged");
    std::optional<twinshoot::asset::ImageRgba8> shots[2];
    for (int coarse = 0; coarse < 2; ++coarse) {
        std::vector<std::string> args = editor_args();
        args.erase(args.end() - 2, args.end());  // the default --msaa 4: the drag has its own renderer
        const fs::path png = dir / (coarse ? "coarse.png" : "full.png");
        args.insert(args.end(), {"--bench-orbit", "--no-prefetch", "--frames", "8", "--validation", "--interactive-detail",
                                 coarse ? "coarse" : "full", "--screenshot", png.string()});
        Editor editor(args);
        ASSERT_EQ(editor.wait(300s), 0) << (coarse ? "coarse" : "full");
        auto bytes = twinshoot::read_file(png);
        ASSERT_TRUE(bytes);
        auto image = twinshoot::asset::decode_image(*bytes, png.string());
        ASSERT_TRUE(image) << image.error().message;
        // The viewport's middle, below its "free view" note: the figure and the cyclorama.
        twinshoot::asset::ImageRgba8 viewport;
        viewport.width = 360;
        viewport.height = 380;
        viewport.pixels.resize(size_t(viewport.width) * viewport.height * 4);
        for (uint32_t y = 0; y < viewport.height; ++y)
            std::memcpy(&viewport.pixels[size_t(y) * viewport.width * 4], image->at(420, 90 + y), viewport.width * 4);
        shots[coarse] = std::move(viewport);
    }
    const auto d = twinshoot::asset::image_difference(*shots[0], *shots[1], 8);
    std::printf("dragged view, coarse against full: %.3f%% of pixels more than 8 levels off, mean %.3f, worst %d\n",
                100.0 * d.fraction(), d.mean, d.worst);
    EXPECT_LE(d.fraction(), 0.03);
    EXPECT_LE(d.mean, 1.0);
    EXPECT_GT(d.worst, 0) << "the coarse triangles were drawn";
    fs::remove_all(dir);
}

TEST(EditorWindow, BadInputIsAnErrorNamingTheFileAndOpensNothing) {
    const fs::path dir = temp_folder("bad-input");
    std::ofstream(dir / "broken.json") << R"({"shoot": "x", "brand": "Demo Brand", "use": "social", "territories": ["FR"],
                                              "shots": [{"id": "a", "twin": "demo-ava", "camera": {"yaw": "left"}}]})";
    std::ofstream(dir / "truncated.json") << R"({"shoot": "x", "brand": )";
    const auto run = [&](const std::string& file) {
        const std::string command = std::string("'") + TWINSHOOT_EDITOR + "' '" + file + "' --library '" + TWINSHOOT_DEMO_ASSETS +
                                    "' --trust '" + (kSource / "assets/trust").string() + "' --frames 1 2>'" +
                                    (dir / "stderr.txt").string() + "'";
        const int status = std::system(command.c_str());
        std::ifstream in(dir / "stderr.txt");
        std::stringstream text;
        text << in.rdbuf();
        return std::pair{WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
    };
    for (const auto& [file, words] : std::vector<std::pair<fs::path, std::string>>{
             {dir / "broken.json", "$.shots[0].camera.yaw"},
             {dir / "truncated.json", "not valid JSON"},
             {dir / "missing.json", "missing.json"}}) {
        const auto [code, message] = run(file.string());
        EXPECT_EQ(code, 2) << file;
        EXPECT_NE(message.find(file.filename().string()), std::string::npos) << message;
        EXPECT_NE(message.find(words), std::string::npos) << message;
    }
    fs::remove_all(dir);
}

class Driver {
public:
    Driver(const fs::path& map, const fs::path& state) : m_map(map), m_state(state) {}

    // Waits until `done(state)` holds (the editor writes its state after every change).
    bool wait_state(const std::function<bool(const json&)>& done, std::chrono::seconds timeout = 180s) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (auto s = read_json(m_state); s && done(*s)) return true;
            std::this_thread::sleep_for(100ms);
        }
        return false;
    }
    json state() { return read_json(m_state).value_or(json()); }
    int frame() {
        auto m = read_json(m_map);
        return m ? m->value("frame", -1) : -1;
    }
    // False when the frames did not come within the timeout (the editor hung or quit).
    bool wait_frames(int n, std::chrono::seconds timeout = 120s) {
        const int start = frame();
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (frame() < start + n)
            if (std::chrono::steady_clock::now() >= end) return false;
            else std::this_thread::sleep_for(50ms);
        return true;
    }
    std::optional<std::array<float, 4>> widget(const std::string& id, std::chrono::seconds timeout = 180s) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (auto m = read_json(m_map); m && m->contains("widgets") && (*m)["widgets"].contains(id)) {
                const auto& r = (*m)["widgets"][id];
                return std::array<float, 4>{r[0], r[1], r[2], r[3]};
            }
            std::this_thread::sleep_for(100ms);
        }
        return std::nullopt;
    }
    // A real click: the X pointer moves to the widget's centre in the editor's window, presses,
    // releases, then waits for `frames` frames (0 for a click that quits: no frame follows it; waiting
    // for two made the test sit out the 120 s timeout after "Discard" in 3 runs of 15).
    ::testing::AssertionResult click(const std::string& id, int frames = 2) {
        const auto r = widget(id, 60s);
        if (!r) return ::testing::AssertionFailure() << "no widget " << id << " on screen";
        const int x = int(((*r)[0] + (*r)[2]) / 2), y = int(((*r)[1] + (*r)[3]) / 2);
        if (!xdotool("mousemove --window " + window() + " " + std::to_string(x) + " " + std::to_string(y)))
            return ::testing::AssertionFailure() << "xdotool mousemove failed";
        if (!wait_frames(2)) return ::testing::AssertionFailure() << "no frame after moving to " << id;
        xdotool("mousedown 1");
        if (!wait_frames(1)) return ::testing::AssertionFailure() << "no frame after pressing on " << id;
        xdotool("mouseup 1");
        if (frames > 0 && !wait_frames(frames)) return ::testing::AssertionFailure() << "no frame after clicking " << id;
        return ::testing::AssertionSuccess();
    }
    // Scrolls `container` with the mouse wheel until widget `id` is on screen.
    ::testing::AssertionResult reveal(const std::string& id, const std::string& container) {
        for (int turn = 0; turn < 30; ++turn) {
            if (widget(id, 2s)) return ::testing::AssertionSuccess();
            const auto r = widget(container, 30s);
            if (!r) return ::testing::AssertionFailure() << "no " << container << " on screen";
            const int x = int(((*r)[0] + (*r)[2]) / 2), y = int(((*r)[1] + (*r)[3]) / 2);
            xdotool("mousemove --window " + window() + " " + std::to_string(x) + " " + std::to_string(y));
            if (!wait_frames(1)) return ::testing::AssertionFailure() << "no frame while scrolling " << container;
            xdotool("click 5");  // wheel down
            if (!wait_frames(2)) return ::testing::AssertionFailure() << "no frame while scrolling " << container;
        }
        return ::testing::AssertionFailure() << id << " never scrolled into view";
    }
    // An xdotool command on the editor's window (%w stands for it); then waits for `frames` frames.
    bool window_command(std::string command, int frames = 2) {
        const size_t at = command.find("%w");
        if (at != std::string::npos) command.replace(at, 2, window());
        const bool ok = xdotool(command);
        return ok && (frames == 0 || wait_frames(frames));
    }
    // Presses `keys`, then waits for `frames` frames (0 for a key that quits: no frame follows).
    bool key(const std::string& keys, int frames = 2) {
        const bool ok = xdotool("key --window " + window() + " " + keys);
        return ok && (frames == 0 || wait_frames(frames));
    }

private:
    static bool xdotool(const std::string& args) { return std::system(("xdotool " + args + " >/dev/null 2>&1").c_str()) == 0; }
    std::string window() {
        if (m_window.empty()) {
            FILE* p = ::popen("xdotool search --sync --name 'TwinShoot' 2>/dev/null | head -n1", "r");
            char line[64] = {};
            if (p && std::fgets(line, sizeof line, p)) m_window = std::string(line, strcspn(line, "\n"));
            if (p) ::pclose(p);
        }
        return m_window;
    }
    fs::path m_map, m_state;
    std::string m_window;
};

TEST(EditorWindow, ForbiddenPoseUseAndRefusedShotChangeNothing) {
    ASSERT_EQ(std::system("command -v xdotool >/dev/null"), 0) << "xdotool is missing: scripts/setup.sh installs it";
    const fs::path dir = temp_folder("interaction");
    std::vector<std::string> args = editor_args();
    args.insert(args.end(), {"--widget-map", (dir / "widgets.json").string(), "--state-out", (dir / "state.json").string(),
                             "--validation"});
    Editor editor(args);
    Driver drive(dir / "widgets.json", dir / "state.json");
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s.contains("shots"); })) << "the editor did not start";
    const size_t shots = drive.state()["shots"].size();
    ASSERT_EQ(shots, 12u);

    // A refused shot from the file: selecting it works, adding it does not.
    ASSERT_TRUE(drive.reveal("shot:noah-arms-raised", "table:shots"));
    ASSERT_TRUE(drive.click("shot:noah-arms-raised"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["current"]["id"] == "noah-arms-raised"; }));
    EXPECT_FALSE(drive.state()["granted"].get<bool>()) << "Noah's licence forbids arms-raised";
    ASSERT_TRUE(drive.click("button:add"));
    ASSERT_TRUE(drive.key("ctrl+Return"));  // the shortcut is refused too
    EXPECT_EQ(drive.state()["shots"].size(), shots) << "a refused shot was added";

    // A granted shot of Noah: his licence forbids the arms-raised pose and outdoor advertising.
    ASSERT_TRUE(drive.reveal("shot:noah-walk-tee", "table:shots"));
    ASSERT_TRUE(drive.click("shot:noah-walk-tee"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["current"]["id"] == "noah-walk-tee" && s["granted"] == true; }));
    const json before = drive.state()["current"];
    ASSERT_TRUE(drive.click("pose:arms-raised"));
    ASSERT_TRUE(drive.click("use:ooh"));
    EXPECT_EQ(drive.state()["current"], before) << "a forbidden option changed the shot";
    EXPECT_EQ(drive.state()["use"], "social");
    EXPECT_EQ(drive.state()["shots"].size(), shots);

    // Allowed choices do change it (so the clicks above reached the window), and Ctrl+Z undoes.
    ASSERT_TRUE(drive.click("pose:contrapposto"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["current"]["pose"] == "contrapposto"; }, 60s));
    ASSERT_TRUE(drive.key("ctrl+z"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["current"]["pose"] == "walking"; }, 60s));
    EXPECT_EQ(drive.state()["shots"].size(), shots);

    // Resizing recreates the swapchain at the new size; unmapping (what minimising is to X) and mapping
    // the window again leaves it running.
    ASSERT_TRUE(drive.window_command("windowsize %w 1000 620"));
    ASSERT_TRUE(drive.wait_state([](const json& s) {
        return s["swapchain"]["width"] == 1000 && s["swapchain"]["height"] == 620 && s["swapchain"]["recreations"].get<int>() >= 1;
    }, 60s)) << drive.state()["swapchain"].dump();
    // An unmapped window may block presentation (Mesa's X11 FIFO): do not wait for frames there.
    ASSERT_TRUE(drive.window_command("windowunmap %w", 0));
    std::this_thread::sleep_for(1s);
    EXPECT_TRUE(editor.running());
    ASSERT_TRUE(drive.window_command("windowmap --sync %w", 0));
    EXPECT_TRUE(drive.wait_frames(3, 60s)) << "no frame after the window was mapped again";
    EXPECT_TRUE(editor.running());

    // Quitting with unsaved changes asks first; "Discard" closes.
    ASSERT_TRUE(drive.key("ctrl+q"));
    EXPECT_TRUE(editor.running()) << "quit without asking about unsaved changes";
    ASSERT_TRUE(drive.click("button:discard", 0));
    EXPECT_EQ(editor.wait(60s), 0);
    fs::remove_all(dir);
}

TEST(EditorWindow, RenderAllDeliversTheSavedShootInTheBackgroundAndShowsTheContactSheet) {
    const fs::path dir = temp_folder("render-all");
    const fs::path shoot = dir / "small.json";
    std::ofstream(shoot) << R"({"shoot": "small", "brand": "Demo Brand", "use": "social", "territories": ["FR"],
  "poses": ")" << (kSource / "assets/poses").string() << R"(", "defaults": {"size": [216, 270], "background": "cyclorama"},
  "shots": [{"id": "ava-walk", "twin": "demo-ava", "pose": "walking", "garments": [{"id": "ava-slip-dress", "colourway": "red"}]},
            {"id": "noah-arms-raised", "twin": "demo-noah", "pose": "arms-raised"}]})";
    Editor editor({shoot.string(), "--library", TWINSHOOT_DEMO_ASSETS, "--trust", (kSource / "assets/trust").string(),
                   "--size", "1280x720", "--msaa", "1", "--widget-map", (dir / "widgets.json").string(), "--state-out",
                   (dir / "state.json").string(), "--validation"});
    Driver drive(dir / "widgets.json", dir / "state.json");
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s.contains("shots"); })) << "the editor did not start";
    ASSERT_TRUE(drive.click("button:render-all"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["render"]["finished"] == true; }, 600s)) << drive.state().dump();
    const json render = drive.state()["render"];
    EXPECT_EQ(render["total"], 2);
    EXPECT_EQ(render["delivered"], 1) << render.dump();
    const fs::path sheet = render["contact_sheet"].get<std::string>();
    ASSERT_TRUE(fs::exists(sheet)) << render.dump();
    EXPECT_TRUE(fs::exists(sheet.parent_path() / "ava-walk.png"));
    EXPECT_FALSE(fs::exists(sheet.parent_path() / "noah-arms-raised.png"));
    EXPECT_TRUE(fs::exists(sheet.parent_path() / "report.json"));
    EXPECT_TRUE(fs::exists(dir / "small.renders" / "ledger.sqlite"));
    ASSERT_TRUE(drive.click("button:contact-sheet"));
    ASSERT_TRUE(drive.wait_state([](const json& s) { return s["showing_contact_sheet"] == true; }, 60s));
    ASSERT_TRUE(drive.key("ctrl+q", 0));
    EXPECT_EQ(editor.wait(60s), 0);  // nothing unsaved: quits without asking
    fs::remove_all(dir);
}

}  // namespace
