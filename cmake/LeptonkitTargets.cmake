# Helpers shared by every folder: compiler warnings and one test executable per *_test.cc.
include_guard(GLOBAL)

add_library(leptonkit_warnings INTERFACE)
target_compile_options(leptonkit_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${LEPTONKIT_WARNINGS_AS_ERRORS}>:-Werror>)

option(LEPTONKIT_CTEST_PER_CASE
  "Register every GoogleTest case with CTest; OFF registers each test program once instead, which \
saves a process start per case (about 0.3 s each under ASan, minutes over the suite)" ON)

# leptonkit_register_gtest(<target> LABEL <label> [TIMEOUT <seconds per case>])
# Registers a GoogleTest program with CTest: each case on its own (gtest_discover_tests) or, with
# LEPTONKIT_CTEST_PER_CASE off, the whole program as one test named after it.
function(leptonkit_register_gtest target)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "" ${ARGN})
  if(LEPTONKIT_CTEST_PER_CASE)
    set(timeout "")
    if(ARG_TIMEOUT)
      set(timeout TIMEOUT ${ARG_TIMEOUT})
    endif()
    # One label: gtest_discover_tests (CMake 3.25) does not carry a list through.
    gtest_discover_tests(${target} PROPERTIES LABELS "${ARG_LABEL}" ${timeout} DISCOVERY_TIMEOUT 30)
  else()
    add_test(NAME ${target} COMMAND ${target} --gtest_brief=1)
    set_tests_properties(${target} PROPERTIES LABELS "${ARG_LABEL}" TIMEOUT 900)
  endif()
endfunction()

# leptonkit_add_tests(DIR <dir> LIBS <targets...> LABEL <label>)
# Builds every <dir>/*_test.cc into its own executable and registers its tests with CTest.
function(leptonkit_add_tests)
  cmake_parse_arguments(ARG "" "DIR;LABEL" "LIBS" ${ARGN})
  file(GLOB test_sources CONFIGURE_DEPENDS "${ARG_DIR}/*_test.cc")
  foreach(source IN LISTS test_sources)
    get_filename_component(name "${source}" NAME_WE)
    add_executable(${name} "${source}")
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} leptonkit_warnings GTest::gmock_main)
    target_compile_definitions(${name} PRIVATE
      LEPTONKIT_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/fixtures")
    leptonkit_register_gtest(${name} LABEL "${ARG_LABEL}")
  endforeach()
endfunction()
