// SPIR-V compiled from shaders/*.vert|frag|comp by glslc at build time and embedded in the binary.
// find("pbr.vert") returns the words, or an empty span for an unknown name (a programmer error:
// callers assert on it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace twinshoot::shaders {

struct EmbeddedShader {
    const char* name;
    const uint32_t* words;
    size_t count;
};

std::span<const uint32_t> find(std::string_view name);

namespace detail {
extern const EmbeddedShader kTable[];
extern const size_t kTableSize;
}  // namespace detail

}  // namespace twinshoot::shaders
