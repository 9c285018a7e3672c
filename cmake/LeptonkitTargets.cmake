# Helpers shared by every folder: compiler warnings and one test executable per *_test.cc.
include_guard(GLOBAL)

add_library(leptonkit_warnings INTERFACE)
target_compile_options(leptonkit_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${LEPTONKIT_WARNINGS_AS_ERRORS}>:-Werror>)

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
    # One label per folder: gtest_discover_tests (CMake 3.25) does not carry a list through.
    gtest_discover_tests(${name}
      PROPERTIES LABELS "${ARG_LABEL}"
      DISCOVERY_TIMEOUT 30)
  endforeach()
endfunction()
