# twinshoot_add_shaders(TARGET SOURCES...)
# Compiles each GLSL source with glslc into the build folder (header changes tracked through a
# depfile) and embeds all of the SPIR-V into a static library TARGET, so binaries need no files at
# run time. The library exposes `twinshoot::shaders::find(name)` from shaders/embedded_shaders.h.
find_program(GLSLC glslc REQUIRED)

function(twinshoot_add_shaders target)
  set(spv_files)
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/spv)
  foreach(src IN LISTS ARGN)
    get_filename_component(name ${src} NAME)
    set(spv ${CMAKE_CURRENT_BINARY_DIR}/spv/${name}.spv)
    add_custom_command(
      OUTPUT ${spv}
      COMMAND ${GLSLC} --target-env=vulkan1.3 -O -Werror -I ${CMAKE_CURRENT_SOURCE_DIR}/shared
              -MD -MF ${spv}.d -o ${spv} ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      DEPFILE ${spv}.d
      COMMENT "glslc ${name}"
      VERBATIM)
    list(APPEND spv_files ${spv})
  endforeach()
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/embedded_shaders_data.cpp)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated} "-DINPUTS=${spv_files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_spirv.cmake
    DEPENDS ${spv_files} ${PROJECT_SOURCE_DIR}/cmake/embed_spirv.cmake
    COMMENT "Embedding SPIR-V"
    VERBATIM)
  add_library(${target} STATIC ${generated} ${CMAKE_CURRENT_SOURCE_DIR}/embedded_shaders.cpp)
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE twinshoot::warnings)
endfunction()
