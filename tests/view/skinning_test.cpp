// GPU skinning (compute pre-pass) against the CPU reference asset::skin_vertices, on real rigs:
// every vertex must agree to 1e-4 of the model's height, in the rest pose and in a pose that bends
// every joint.
#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include <cstring>

#include "asset/importer.h"
#include "gpu_fixture.h"
#include "render/buffer.h"
#include "shared_assets.h"

using namespace twinshoot;
using twinshoot::test::GpuTest;

namespace {

std::vector<asset::Vertex> read_back(render::Device& device, const render::Buffer& source, uint32_t count) {
    auto readback = render::Buffer::create(device, source.size(), VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                           render::MemoryUsage::Readback, "skinning readback");
    EXPECT_TRUE(readback.ok());
    auto commands = device.begin_commands("skinning readback");
    EXPECT_TRUE(commands.ok());
    const VkBufferCopy region{0, 0, source.size()};
    vkCmdCopyBuffer(*commands, source.handle(), readback->handle(), 1, &region);
    VkMemoryBarrier2 to_host{.sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER_2,
                             .srcStageMask = VK_PIPELINE_STAGE_2_COPY_BIT,
                             .srcAccessMask = VK_ACCESS_2_TRANSFER_WRITE_BIT,
                             .dstStageMask = VK_PIPELINE_STAGE_2_HOST_BIT,
                             .dstAccessMask = VK_ACCESS_2_HOST_READ_BIT};
    VkDependencyInfo dep{.sType = VK_STRUCTURE_TYPE_DEPENDENCY_INFO, .memoryBarrierCount = 1,
                         .pMemoryBarriers = &to_host};
    vkCmdPipelineBarrier2(*commands, &dep);
    auto value = device.submit(*commands);
    EXPECT_TRUE(value.ok());
    EXPECT_TRUE(device.wait(*value).ok());
    std::vector<asset::Vertex> out(count);
    std::memcpy(out.data(), readback->mapped(), count * sizeof(asset::Vertex));
    return out;
}

// Every joint turned by a few degrees about a joint-specific axis: a pose far from the rest pose.
std::vector<glm::mat4> bent_locals(const asset::Skeleton& skeleton) {
    std::vector<glm::mat4> locals = skeleton.rest_locals();
    for (size_t i = 0; i < locals.size(); ++i) {
        const glm::vec3 axis = glm::normalize(glm::vec3(std::sin(i * 1.3f), std::cos(i * 0.7f), 0.5f));
        locals[i] = locals[i] * glm::rotate(glm::mat4(1.0f), glm::radians(12.0f + float(i % 5) * 4.0f), axis);
    }
    return locals;
}

class SkinningAgreement : public GpuTest, public ::testing::WithParamInterface<const char*> {};

}  // namespace

TEST_P(SkinningAgreement, GpuMatchesCpuReference) {
    TS_REQUIRE_SHARED_ASSETS();
    auto model = asset::import_model(test::reference_asset(GetParam()));
    ASSERT_TRUE(model.ok()) << model.error().message;
    ASSERT_FALSE(model->skeleton.empty());
    const float height = model->bounds().extent().y;
    const float tolerance = 1e-4f * height;
    auto gpu = renderer().upload(*model);
    ASSERT_TRUE(gpu.ok()) << gpu.error().message;

    for (int pose = 0; pose < 2; ++pose) {
        const auto locals = pose == 0 ? model->skeleton.rest_locals() : bent_locals(model->skeleton);
        const auto skin = model->skeleton.skin_matrices(model->skeleton.world_transforms(locals));
        view::set_skin_matrices(*gpu, skin);
        const scene::Camera camera = scene::frame_bounds(gpu->bounds, 1.0f);
        ASSERT_TRUE(renderer().render(*gpu, camera, scene::default_lighting(), {64, 64}).ok());
        size_t checked = 0;
        for (size_t m = 0; m < model->meshes.size(); ++m) {
            const asset::Mesh& mesh = model->meshes[m];
            if (!mesh.skinned()) continue;
            std::vector<asset::Vertex> cpu;
            asset::skin_vertices(mesh, skin, cpu);
            const auto gpu_vertices = read_back(device(), gpu->meshes[m].skinned_vertices, gpu->meshes[m].vertex_count);
            float worst = 0.0f;
            for (size_t v = 0; v < cpu.size(); ++v) {
                worst = std::max(worst, glm::length(cpu[v].position - gpu_vertices[v].position));
                ASSERT_LE(glm::length(cpu[v].position - gpu_vertices[v].position), tolerance)
                    << "vertex " << v << " of mesh " << m << " in pose " << pose;
                ASSERT_GT(glm::dot(cpu[v].normal, gpu_vertices[v].normal), 0.9999f) << "normal of vertex " << v;
            }
            checked += cpu.size();
            RecordProperty("worst_error_over_height_pose" + std::to_string(pose), std::to_string(worst / height));
        }
        EXPECT_GT(checked, 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(ReferenceRigs, SkinningAgreement,
                         ::testing::Values("humans/CesiumMan/glTF-Binary/CesiumMan.glb",
                                           "humans/RiggedFigure/glTF-Binary/RiggedFigure.glb",
                                           "humans/Michelle_mixamo/Michelle.glb", "humans/Xbot_mixamo/Xbot.glb",
                                           "humans/SambaDancing_fbx/Samba Dancing.fbx"));

TEST(SkinningCpu, RestPoseOfABindPoseRigIsTheBindShape) {
    TS_REQUIRE_SHARED_ASSETS();
    // Michelle's rest pose is its bind pose: rest skinning keeps a standing figure about 1.66 m tall
    // with feet at y = 0, and trims no influences (the file has at most 4 per vertex).
    auto model = asset::import_model(test::reference_asset("humans/Michelle_mixamo/Michelle.glb"));
    ASSERT_TRUE(model.ok());
    EXPECT_EQ(model->trimmed_influence_vertices, 0u);
    const asset::Aabb b = model->bounds();
    EXPECT_NEAR(b.min.y, 0.0f, 0.02f);
    EXPECT_NEAR(b.extent().y, 1.66f, 0.05f);
    for (const auto& mesh : model->meshes) {
        for (const auto& s : mesh.skin) {
            float sum = 0.0f;
            for (float w : s.weights) sum += w;
            ASSERT_NEAR(sum, 1.0f, 1e-5f);
        }
    }
}
