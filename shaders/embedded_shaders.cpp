#include "embedded_shaders.h"

namespace twinshoot::shaders {

std::span<const uint32_t> find(std::string_view name) {
    for (size_t i = 0; i < detail::kTableSize; ++i)
        if (name == detail::kTable[i].name) return {detail::kTable[i].words, detail::kTable[i].count};
    return {};
}

}  // namespace twinshoot::shaders
