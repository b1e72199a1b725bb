// What the surface bench uses: a model's meshes as one surface, the median of
// timings, and the query points it times (the same points in every build, so A/B figures
// are of the same queries). Bench-only; not part of the engine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

#include "asset/model_loader.h"

namespace twinshoot::bench {

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Every mesh of the model as stored (its rest pose), as one triangle list. On failure the reason is
// printed after `program` and nothing is returned.
struct BenchSurface {
    std::vector<asset::Vertex> vertices;
    std::vector<uint32_t> indices;
    std::vector<glm::vec3> positions() const {
        std::vector<glm::vec3> out(vertices.size());
        for (size_t i = 0; i < vertices.size(); ++i) out[i] = vertices[i].position;
        return out;
    }
};

inline std::optional<BenchSurface> load_surface(const char* path, const char* program) {
    auto model = asset::load_model(path);
    if (!model) {
        std::fprintf(stderr, "%s: %s\n", program, model.error().message.c_str());
        return std::nullopt;
    }
    BenchSurface s;
    for (const asset::Mesh& mesh : model->meshes) {
        const uint32_t base = uint32_t(s.vertices.size());
        s.vertices.insert(s.vertices.end(), mesh.vertices.begin(), mesh.vertices.end());
        for (const uint32_t i : mesh.indices) s.indices.push_back(base + i);
    }
    return s;
}

// Every vertex moved along its normal by -1 to +3 cm (a fixed LCG sequence: the same points in every
// build; the offsets assume a model in metres).
inline std::vector<glm::vec3> offset_queries(const BenchSurface& s) {
    std::vector<glm::vec3> queries(s.vertices.size());
    uint32_t state = 12345u;
    for (size_t i = 0; i < s.vertices.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        const float offset = -0.01f + 0.04f * float(state >> 8) / float(1u << 24);
        queries[i] = s.vertices[i].position + offset * s.vertices[i].normal;
    }
    return queries;
}

}  // namespace twinshoot::bench
