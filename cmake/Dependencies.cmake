# Every dependency comes from a Debian 12 package. A missing one stops configure
# with the name of the package to install.
find_package(PkgConfig)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config'")
endif()

macro(atlas_require_pkg var module debian_pkg)
  pkg_check_modules(${var} IMPORTED_TARGET ${module})
  if(NOT ${var}_FOUND)
    message(FATAL_ERROR "${module} not found: install the Debian package '${debian_pkg}'")
  endif()
endmacro()

atlas_require_pkg(IMGUI imgui libimgui-dev)
atlas_require_pkg(STB stb libstb-dev)
atlas_require_pkg(SHAPELIB shapelib libshp-dev)
atlas_require_pkg(SQLITE3 sqlite3 libsqlite3-dev)
atlas_require_pkg(PROJ proj libproj-dev)
atlas_require_pkg(FONTCONFIG fontconfig libfontconfig-dev)
atlas_require_pkg(PNG libpng libpng-dev)
atlas_require_pkg(GIO gio-2.0 libglib2.0-dev)  # the desktop portal's file dialogs, over D-Bus
# PROJ's database of coordinate systems and datum shifts ships separately.
pkg_get_variable(ATLAS_PROJ_DATADIR proj datadir)
if(NOT EXISTS "${ATLAS_PROJ_DATADIR}/proj.db")
  message(FATAL_ERROR "${ATLAS_PROJ_DATADIR}/proj.db not found: install the Debian package 'proj-data'")
endif()

find_package(glfw3 3.3 QUIET)
if(NOT glfw3_FOUND)
  message(FATAL_ERROR "GLFW 3.3 not found: install the Debian package 'libglfw3-dev'")
endif()
find_package(nlohmann_json 3 QUIET)
if(NOT nlohmann_json_FOUND)
  message(FATAL_ERROR "nlohmann-json not found: install the Debian package 'nlohmann-json3-dev'")
endif()
find_package(CLI11 QUIET)
if(NOT CLI11_FOUND)
  message(FATAL_ERROR "CLI11 not found: install the Debian package 'libcli11-dev'")
endif()
find_package(Threads REQUIRED)
find_package(OpenGL QUIET COMPONENTS OpenGL EGL)

# Dear ImGui's GLFW and OpenGL3 backends ship as sources with libimgui-dev.
set(ATLAS_IMGUI_BACKENDS_DIR "/usr/share/doc/libimgui-dev/examples/backends" CACHE PATH
    "Directory holding imgui_impl_glfw.cpp and imgui_impl_opengl3.cpp")
foreach(f imgui_impl_glfw.cpp imgui_impl_opengl3.cpp)
  if(NOT EXISTS "${ATLAS_IMGUI_BACKENDS_DIR}/${f}")
    message(FATAL_ERROR "${ATLAS_IMGUI_BACKENDS_DIR}/${f} not found: install the Debian package 'libimgui-dev'")
  endif()
endforeach()

# glad: the OpenGL 3.3 core loader, generated into the build tree at configure time.
find_program(GLAD_EXECUTABLE glad)
if(NOT GLAD_EXECUTABLE)
  message(FATAL_ERROR "glad not found: install the Debian package 'python3-glad'")
endif()
set(ATLAS_GLAD_DIR "${CMAKE_BINARY_DIR}/glad")
if(NOT EXISTS "${ATLAS_GLAD_DIR}/src/gl.c")
  execute_process(
    COMMAND "${GLAD_EXECUTABLE}" --reproducible --quiet --api gl:core=3.3 --out-path "${ATLAS_GLAD_DIR}" c
    RESULT_VARIABLE glad_result OUTPUT_QUIET ERROR_VARIABLE glad_err)
  if(NOT glad_result EQUAL 0 OR NOT EXISTS "${ATLAS_GLAD_DIR}/src/gl.c")
    message(FATAL_ERROR "glad failed to generate the OpenGL loader: ${glad_err}")
  endif()
endif()
add_library(atlas_glad STATIC "${ATLAS_GLAD_DIR}/src/gl.c")
target_include_directories(atlas_glad SYSTEM PUBLIC "${ATLAS_GLAD_DIR}/include")
target_link_libraries(atlas_glad PUBLIC ${CMAKE_DL_LIBS})
set_target_properties(atlas_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)

add_library(atlas_imgui_backends STATIC
  "${ATLAS_IMGUI_BACKENDS_DIR}/imgui_impl_glfw.cpp"
  "${ATLAS_IMGUI_BACKENDS_DIR}/imgui_impl_opengl3.cpp")
target_compile_definitions(atlas_imgui_backends PUBLIC IMGUI_IMPL_OPENGL_LOADER_CUSTOM)
# With a custom loader the backend expects GL declared before it: force glad's header in.
target_compile_options(atlas_imgui_backends PRIVATE -include glad/gl.h -w)
target_include_directories(atlas_imgui_backends SYSTEM PUBLIC /usr/include/imgui/backends)
target_link_libraries(atlas_imgui_backends PUBLIC PkgConfig::IMGUI PkgConfig::STB atlas_glad glfw)
