// Access to the team's reference assets in ../shared/assets-ref (path from the build:
// TWINSHOOT_SHARED_DIR, overridable by the environment variable of the same name).
// Where they are absent a test skips with the reason — except under CI (CI=true), where they must
// be present and their absence fails the test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace twinshoot::test {

std::filesystem::path shared_dir();
std::filesystem::path reference_asset(const std::string& relative);  // under assets-ref/
bool shared_assets_present();

}  // namespace twinshoot::test

// Skips the test when ../shared is absent (outside CI), fails it under CI.
#define TS_REQUIRE_SHARED_ASSETS()                                                                   \
    do {                                                                                             \
        if (!::twinshoot::test::shared_assets_present()) {                                           \
            const char* ci_ = std::getenv("CI");                                                     \
            if (ci_ && std::string(ci_) == "true")                                                   \
                FAIL() << "reference assets missing at " << ::twinshoot::test::shared_dir()          \
                       << " (CI must have ../shared beside the repository)";                         \
            GTEST_SKIP() << "reference assets not found at " << ::twinshoot::test::shared_dir()      \
                         << " (clone the team's shared/ folder beside the repository)";              \
        }                                                                                            \
    } while (0)
