#include "demo/garments.h"

#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>

#include "asset/color.h"
#include "demo/garment_edges.h"
#include "demo/surface_nets.h"

namespace twinshoot::demo {
namespace {

constexpr unsigned kTorso = 1u << 0, kArms = (1u << 2) | (1u << 3), kLegs = (1u << 4) | (1u << 5);

// Distance to a vertical round cone (a skirt): radius r0 at height y0 down to r1 at y1 (< y0).
float skirt(const glm::vec3& p, float y0, float r0, float y1, float r1) {
    const float t = std::clamp((y0 - p.y) / (y0 - y1), 0.0f, 1.0f);
    const float radius = glm::mix(r0, r1, t);
    const glm::vec2 q(p.x, p.z * 1.25f);  // a little flatter front to back
    const float side = glm::length(q) - radius;
    const float caps = std::max(p.y - y0, y1 - p.y);
    return std::max(side, caps);
}

// Polynomial smooth minimum of two distances, blending over `k` metres.
float smooth_union(float a, float b, float k) {
    const float h = std::max(k - std::abs(a - b), 0.0f) / k;
    return std::min(a, b) - h * h * k * 0.25f;
}

glm::vec3 srgb_hex(const std::string& hex) {
    auto linear = asset::srgb_hex_to_linear(hex);
    assert(linear && "demo colourways are written as #RRGGBB");
    return linear.value_or(glm::vec3(1.0f, 0.0f, 1.0f));
}

}  // namespace

std::vector<GarmentSpec> garments_for(const BodyShape& shape) {
    const std::string who = shape.id.substr(shape.id.find('-') + 1);  // "ava", "noah"
    std::vector<GarmentSpec> list;
    if (shape.bust > 0.0f)
        list.push_back({who + "-slip-dress", "Slip dress", "dress", 1,
                        {{"navy", "#1F2A44", 0.7f}, {"red", "#B3202A", 0.7f}, {"ivory", "#EFE8D8", 0.75f}}});
    // Layers: the tee is worn untucked, over the trousers' waistband (on one layer the two met at
    // the waist and showed through each other in specks), the jacket over both.
    // Cotton jersey and wool: a soft sheen at grazing angles, lighter than the dye.
    list.push_back({who + "-tee", "Crew-neck T-shirt", "t-shirt", 2,
                    {{"white", "#F2F2EE", 0.85f, "#8A8A88", 0.6f},
                     {"black", "#1A1A1A", 0.85f, "#4A4A4A", 0.6f},
                     {"heather", "#9A9A9E", 0.9f, "#6A6A6E", 0.6f}}});
    list.push_back({who + "-trousers", "Straight trousers", "trousers", 1,
                    {{"charcoal", "#2E2F33", 0.8f, "#505258", 0.5f}, {"camel", "#B08D57", 0.8f, "#7A6446", 0.5f}}});
    list.push_back({who + "-jacket", "Tailored jacket", "jacket", 3,
                    {{"olive", "#4B5320", 0.7f, "#6B7048", 0.45f}, {"navy", "#1F2A44", 0.7f, "#465070", 0.45f}}});
    list.push_back({who + "-swimwear", shape.bust > 0.0f ? "Bikini" : "Swim shorts", "swimwear", 0,
                    {{"coral", "#F2665E", 0.45f}, {"black", "#151515", 0.45f}}});
    return list;
}

asset::Material colourway_material(const GarmentSpec& g, const std::string& colourway) {
    const GarmentColourway* c = &g.colourways.front();
    for (const auto& candidate : g.colourways)
        if (candidate.name == colourway) c = &candidate;
    asset::Material material{.name = g.id + ":" + c->name, .base_color = glm::vec4(srgb_hex(c->hex), 1.0f),
                             .metallic = 0.0f, .roughness = c->roughness, .double_sided = true};
    if (!c->sheen_hex.empty()) {
        material.sheen_color = srgb_hex(c->sheen_hex);
        material.sheen_roughness = c->sheen_roughness;
    }
    return material;
}

asset::Model make_garment(const BodyShape& shape, const GarmentSpec& g, float cell) {
    const auto body = detail::body_sdf(shape);
    const float H = shape.height;
    const float arm_y = 0.812f * H;  // the upper-arm joints (mannequin.cpp)
    float ease = 0.005f, thickness = 0.004f, facing = 0.012f;  // metres: off the skin, fabric, hem turn-up
    // Tops leave a round neck opening: a vertical cylinder above the collar (positive inside it).
    auto neck_opening = [=](const glm::vec3& p, float radius) {
        return -std::max(0.80f * H - p.y, glm::length(glm::vec2(p.x, p.z + 0.008f * H)) - radius);
    };
    // A sleeve ends on a plane across the arm, `length` down the arm from the shoulder joint (the
    // A-pose arms run 45 degrees down). Only points nearer an arm than the torso belong to a sleeve.
    auto sleeve_end = [=](const glm::vec3& p, float length) {
        if (body(p, kArms) >= body(p, kTorso)) return -1.0f;
        const float sx = p.x < 0.0f ? -1.0f : 1.0f;
        const glm::vec3 upper(sx * shape.shoulder, arm_y, -0.006f * H);
        const glm::vec3 dir = glm::normalize(glm::vec3(sx, -1.0f, 0.0f));
        return glm::dot(p - upper, dir) - length;
    };
    unsigned parts = kTorso;
    std::function<float(const glm::vec3&)> region;  // negative inside the garment's outline
    std::function<float(const glm::vec3&)> extra;   // extra volume the sheet also follows (a skirt)
    if (g.category == "dress") {
        // A slip dress: closed all round from under the arms to a flared hem at the knee, on two
        // straps over the shoulders.
        parts = kTorso | kLegs;
        region = [=](const glm::vec3& p) {
            const float hem = 0.335f * H - p.y;
            const float bodice = p.y - (0.748f + 0.012f * std::max(0.0f, -p.z) / (0.1f * H)) * H;  // higher at the back
            const float straps = std::max(std::abs(std::abs(p.x) - 0.066f * H) - 0.0085f * H, 0.70f * H - p.y);
            return std::max(hem, std::min(bodice, straps));
        };
        extra = [=](const glm::vec3& p) { return skirt(p, 0.53f * H, shape.hip + 0.004f * H, 0.30f * H, shape.hip + 0.085f * H); };
        facing = 0.015f;
    } else if (g.category == "t-shirt") {
        parts = kTorso | kArms;
        region = [=](const glm::vec3& p) {
            return std::max({0.475f * H - p.y, sleeve_end(p, 0.085f * H), neck_opening(p, 0.05f * H)});
        };
        ease = 0.006f;
    } else if (g.category == "trousers") {
        parts = kTorso | kLegs;
        region = [=](const glm::vec3& p) { return std::max(0.055f * H - p.y, p.y - 0.565f * H); };
        ease = 0.007f;
        facing = 0.02f;
    } else if (g.category == "jacket") {
        parts = kTorso | kArms;
        region = [=](const glm::vec3& p) {
            // A shallow V at the front above the top button, over the round neck.
            const float v = std::max({0.71f * H - p.y, std::abs(p.x) - 0.40f * (p.y - 0.71f * H), -p.z});
            return std::max({0.50f * H - p.y, sleeve_end(p, 0.28f * H), std::max(neck_opening(p, 0.058f * H), -v)});
        };
        ease = 0.02f;  // over a shirt
        thickness = 0.006f;
        facing = 0.02f;
    } else {  // swimwear
        parts = shape.bust > 0.0f ? kTorso : (kTorso | kLegs);
        const bool top = shape.bust > 0.0f;
        region = [=](const glm::vec3& p) {
            if (!top) return std::max(0.43f * H - p.y, p.y - 0.55f * H);  // swim shorts
            const float bottom = std::max(0.462f * H - p.y, p.y - 0.535f * H);
            const float band = std::max(0.685f * H - p.y, p.y - 0.742f * H);
            return std::min(bottom, band);
        };
        ease = 0.003f;
        facing = 0.006f;
    }
    // The closed sheet at the ease over the covered parts, cut along the garment's outline.
    auto covered = [&](const glm::vec3& p) {
        float d = body(p, parts);
        if (extra) d = smooth_union(d, extra(p), 0.03f * H);  // no crease where the skirt leaves the hips
        return d;
    };
    const Sdf sheet_sdf = [&](const glm::vec3& p) { return covered(p) - ease; };
    Grid grid;
    grid.cell = cell;
    grid.min = glm::vec3(-0.5f * H, -0.01f * H, -0.16f * H);
    grid.max = glm::vec3(0.5f * H, 1.0f * H, 0.17f * H);
    asset::Mesh mesh = cut_to_region(surface_nets(sheet_sdf, grid), region);
    // Drape: the sheet follows some body parts; where others bulge past it (hips into thighs, the
    // neck into the shoulders) lift it out to the ease over the whole body.
    const Sdf full = [&](const glm::vec3& p) { return body(p, 0x3fu); };
    for (auto& v : mesh.vertices) {
        for (int step = 0; step < 4; ++step) {
            const float d = full(v.position);
            if (d >= ease * 0.9f) break;
            v.position += (ease - d) * sdf_gradient(full, v.position, 0.001f);
        }
    }
    // Edges with the fabric's thickness, turned under; the turn stays outside the skin.
    finish_edges(mesh, std::min(thickness, 0.6f * ease), facing);
    mesh.name = g.id;
    mesh.has_uvs = true;
    for (auto& v : mesh.vertices)
        v.uv = {0.5f + std::atan2(v.position.x, v.position.z) / glm::two_pi<float>(), 1.0f - v.position.y / H};
    asset::Model model;
    model.source = "generated:garment:" + g.id;
    model.materials.push_back(colourway_material(g, g.colourways.front().name));  // double-sided: openings show the inside
    model.meshes.push_back(std::move(mesh));
    model.instances.push_back({0, glm::mat4(1.0f), g.id});
    return model;
}

}  // namespace twinshoot::demo
