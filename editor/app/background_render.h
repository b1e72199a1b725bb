// BackgroundRender: "render all" from the Shot list. The saved shoot file is delivered exactly as
// `twinshoot shoot FILE -o DIR --ledger DB` would (studio::ShootRun: every shot judged again, granted
// ones rendered, recorded in the ledger, labelled; report and contact sheet), on a thread with a
// GPU context of its own, so the editor stays interactive. Progress is read with progress(); the
// job cannot be cancelled halfway through a shot (a shot is delivered whole or not at all).
#pragma once

#include <atomic>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace twinshoot::editor {

struct BackgroundRenderJob {
    std::filesystem::path shoot_file;
    std::vector<std::filesystem::path> libraries;  // as the editor was given (searched first)
    std::filesystem::path trust;
    std::filesystem::path ledger;
    std::filesystem::path out_dir;
    bool validation = false;
    uint32_t msaa = 4;
};

struct BackgroundProgress {
    bool running = false;
    bool finished = false;
    size_t done = 0, total = 0, delivered = 0, refused = 0;
    std::string message;  // last line: the shot rendered, or the error
    std::filesystem::path contact_sheet;  // when finished with a sheet
};

class BackgroundRender {
public:
    BackgroundRender() = default;
    BackgroundRender(const BackgroundRender&) = delete;
    BackgroundRender& operator=(const BackgroundRender&) = delete;
    ~BackgroundRender();  // waits for a running job

    bool start(BackgroundRenderJob job);  // false when one is running
    BackgroundProgress progress() const;

private:
    void run(BackgroundRenderJob job);

    std::thread m_thread;
    mutable std::mutex m_mutex;
    BackgroundProgress m_progress;
};

}  // namespace twinshoot::editor
