// EditorWindow: the editor's GLFW window, its Vulkan surface and swapchain, Dear ImGui's GLFW and
// Vulkan backends, and the frame loop around them. Resizing and minimising are handled here: a
// resized or out-of-date swapchain is recreated before the next frame; a minimised window (no
// framebuffer area) waits for events and draws nothing.
//
//   auto window = EditorWindow::open({.title = "TwinShoot", .width = 1280, .height = 720});
//   while (!window->should_close()) {
//       if (!*window->begin_frame()) continue;   // minimised
//       ... ImGui calls ...
//       window->end_frame(new_viewport_image_or_null, screenshot_path_or_null);
//   }
// Errors are Vulkan or window-system failures (no display, no device that can present).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "asset/image_rgba8.h"
#include "gpu_ui.h"
#include "render/swapchain.h"
#include "view/gpu_context.h"

struct GLFWwindow;

namespace twinshoot::editor {

struct WindowOptions {
    const char* title = "TwinShoot";
    uint32_t width = 1280, height = 720;
    bool vsync = true;
    bool validation = false;
    std::optional<uint32_t> device_index;
};

class EditorWindow {
public:
    static Result<std::unique_ptr<EditorWindow>> open(const WindowOptions& options);
    EditorWindow(const EditorWindow&) = delete;
    EditorWindow& operator=(const EditorWindow&) = delete;
    ~EditorWindow();

    GLFWwindow* handle() const { return m_window; }
    view::GpuContext& gpu() { return *m_gpu; }
    GpuUi& ui() { return *m_ui; }
    const render::Swapchain& swapchain() const { return *m_swapchain; }
    bool should_close() const;
    void set_should_close(bool close);

    // Key presses since the last call, in order (GLFW key codes and modifier bits). Dear ImGui 1.86
    // only sees keys held down at a frame's start, so a quick shortcut during a slow frame (a
    // restage takes seconds on a CPU device) would be lost; these are not.
    struct KeyPress {
        int key, mods;
    };
    std::vector<KeyPress> take_key_presses() { return std::exchange(m_keys, {}); }

    // Polls input and starts an ImGui frame; false when the window is minimised (no frame to draw).
    Result<bool> begin_frame();
    // Renders the UI (uploading `viewport` first when given) and presents. With `screenshot`, the
    // presented image is also written there as a PNG.
    Status end_frame(const asset::ImageRgba8* viewport, const std::filesystem::path* screenshot);

private:
    EditorWindow() = default;
    Status recreate_swapchain();

    static constexpr uint32_t kFramesInFlight = 2;
    GLFWwindow* m_window = nullptr;
    bool m_glfw = false;
    bool m_imgui_glfw = false;
    std::unique_ptr<view::GpuContext> m_gpu;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    std::unique_ptr<render::Swapchain> m_swapchain;
    std::unique_ptr<GpuUi> m_ui;
    std::array<render::Owned<VkSemaphore>, kFramesInFlight> m_acquired;
    std::array<uint64_t, kFramesInFlight> m_slot_done{};
    uint32_t m_slot = 0;
    bool m_resized = false;
    std::vector<KeyPress> m_keys;
};

}  // namespace twinshoot::editor
