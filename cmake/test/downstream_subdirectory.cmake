# Configures, builds and tests examples/downstream with leptonkit added by add_subdirectory
# (-DLEPTONKIT_SOURCE_DIR) rather than found installed. Fails on the first step that fails.
file(REMOVE_RECURSE ${WORK_DIR})

include(${CMAKE_CURRENT_LIST_DIR}/step.cmake)

step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/downstream -B ${WORK_DIR} -G ${GENERATOR}
     -DLEPTONKIT_SOURCE_DIR=${SOURCE_DIR})
step(${CMAKE_COMMAND} --build ${WORK_DIR} -j 2)
step(${CMAKE_CTEST_COMMAND} --test-dir ${WORK_DIR} --output-on-failure)
message(STATUS "downstream project built and passed with leptonkit added by add_subdirectory")
