# Helpers shared by every folder: compiler warnings, precompiled headers, and one test program per
# component.
include_guard(GLOBAL)

add_library(leptonkit_warnings INTERFACE)
target_compile_options(leptonkit_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${LEPTONKIT_WARNINGS_AS_ERRORS}>:-Werror>
  # GCC 12's flow-based warnings fire on libstdc++'s own std::string, std::filesystem::path and
  # std::optional code once it is inlined at -O1 and above (e.g. "__builtin_memcpy forming
  # offset [32, 44] is out of the bounds [0, 32]" for a string concatenation): false positives
  # that no change of ours can silence. Clang, which builds everything under -Werror in
  # `./run check`, keeps its own uninitialized-use and bounds warnings on.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread
                           -Wno-restrict -Wno-maybe-uninitialized>)

option(LEPTONKIT_PRECOMPILED_HEADERS
  "Precompile the third-party headers (GoogleTest/GoogleMock, nlohmann/json, cpp-httplib, fmt) \
and the standard library once per target: parsing them was most of every compile" ON)

option(LEPTONKIT_CTEST_PER_CASE
  "Register every GoogleTest case with CTest; OFF registers each test program once instead, which \
saves a process start per case (about 0.3 s each under ASan, minutes over the suite)" ON)

# The standard headers that most of leptonkit's translation units include.
set(LEPTONKIT_PCH_STD
  <algorithm> <atomic> <chrono> <condition_variable> <cstdint> <filesystem> <functional> <map>
  <memory> <mutex> <optional> <set> <sstream> <string> <string_view> <thread> <unordered_map>
  <utility> <variant> <vector>)

# leptonkit_precompile(<target> [GTEST] [JSON] [HTTPLIB] [FMT] [EXTRA <header>...])
# Precompiles the standard headers above and the named third-party headers for <target>. Only
# third-party and standard headers go in: a change to one of leptonkit's own headers must not
# rebuild a precompiled header. The target must already link what it names (the include paths
# and definitions of cpp-httplib come from its pkg-config target).
function(leptonkit_precompile target)
  if(NOT LEPTONKIT_PRECOMPILED_HEADERS)
    return()
  endif()
  cmake_parse_arguments(ARG "GTEST;JSON;HTTPLIB;FMT" "" "EXTRA" ${ARGN})
  set(headers ${LEPTONKIT_PCH_STD} ${ARG_EXTRA})
  if(ARG_GTEST)
    list(APPEND headers <gmock/gmock.h> <gtest/gtest.h>)
  endif()
  if(ARG_JSON)
    list(APPEND headers <nlohmann/json.hpp>)
  endif()
  if(ARG_HTTPLIB)
    list(APPEND headers <httplib.h>)
  endif()
  if(ARG_FMT)
    list(APPEND headers <fmt/format.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# leptonkit_keep_out_of_unity(<file>... REASON <why>)
# `./run test` builds in unity batches (CMAKE_UNITY_BUILD in the `default` preset: several .cc
# files compiled as one, which more than halved the build's compile work, since every test file
# instantiates the same GoogleTest and GoogleMock templates). Files of one batch share one
# translation unit, so two files that define the same name in an anonymous namespace, or a
# file-level `using` that another's names shadow, do not compile together. Such a file is
# compiled on its own instead; the sanitizer builds of `./run check` compile every file on its
# own, which also catches a file that only compiles thanks to a neighbour's #include of one of
# leptonkit's headers (standard and third-party headers reach every file there through the
# precompiled header, so a missing one of those goes unnoticed).
function(leptonkit_keep_out_of_unity)
  cmake_parse_arguments(ARG "" "REASON" "" ${ARGN})
  if(NOT ARG_REASON)
    message(FATAL_ERROR "leptonkit_keep_out_of_unity: say why (REASON)")
  endif()
  set_source_files_properties(${ARG_UNPARSED_ARGUMENTS} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endfunction()

# leptonkit_register_gtest(<target> LABEL <label> [TIMEOUT <seconds per case>])
# Registers a GoogleTest program with CTest: each case on its own, found when ctest runs (so the
# build never runs a test program), or, with LEPTONKIT_CTEST_PER_CASE off, the whole program as
# one test named after it.
function(leptonkit_register_gtest target)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  if(LEPTONKIT_CTEST_PER_CASE)
    # One label: gtest_discover_tests (CMake 3.25) does not carry a list through.
    gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
      PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT ${ARG_TIMEOUT})
  else()
    add_test(NAME ${target} COMMAND ${target} --gtest_brief=1)
    set_tests_properties(${target} PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT 900)
  endif()
endfunction()

# leptonkit_add_test_program(<name> DIR <dir> LIBS <targets...> LABEL <label>
#                            [SOURCES <more sources>] [PCH <JSON|HTTPLIB|FMT...>])
# Builds every <dir>/*_test.cc into one executable <name> (one per component: one link instead of
# one per file) and registers its cases with CTest. GoogleTest and GoogleMock are precompiled
# when LEPTONKIT_PRECOMPILED_HEADERS is on (not in unity builds: see the `default` preset).
function(leptonkit_add_test_program name)
  cmake_parse_arguments(ARG "" "DIR;LABEL;TIMEOUT" "LIBS;SOURCES;PCH" ${ARGN})
  file(GLOB test_sources CONFIGURE_DEPENDS "${ARG_DIR}/*_test.cc")
  add_executable(${name} ${test_sources} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} leptonkit_warnings GTest::gmock_main)
  target_compile_definitions(${name} PRIVATE
    LEPTONKIT_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/fixtures")
  leptonkit_precompile(${name} GTEST ${ARG_PCH})
  set(timeout "")
  if(ARG_TIMEOUT)
    set(timeout TIMEOUT ${ARG_TIMEOUT})
  endif()
  leptonkit_register_gtest(${name} LABEL "${ARG_LABEL}" ${timeout})
endfunction()
