# Tests of the contract suite's machinery, and the suite itself run through its runner.

# Internals (recording, summary, sweeper) for the unit tests in test/.
add_library(leptonkit_contract_internal INTERFACE)
target_include_directories(leptonkit_contract_internal INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/src)
target_link_libraries(leptonkit_contract_internal INTERFACE leptonkit_contract
  nlohmann_json::nlohmann_json)
leptonkit_add_test_program(contract_unit_tests DIR ${CMAKE_CURRENT_SOURCE_DIR}/test
  LIBS leptonkit_contract_internal leptonkit_fake_testing LABEL contract PCH JSON)

if(NOT LEPTONKIT_BUILD_TOOLS)
  return()  # The runs below need the standalone fake-lepton.
endif()

# The suite against the in-process fake and against the standalone fake, one CTest test per
# backend (label contract-suite; `./run test` runs these and the stand-in run below like any other
# test; `./run check` runs the runner itself under ASan instead, for its summary in the log).
foreach(backend inprocess process)
  add_test(NAME contract.suite.${backend}
    COMMAND lepton-contract --backend=${backend} --fake-binary=$<TARGET_FILE:fake-lepton>)
  # COST: long tests start first under `ctest -j`, so that no core idles at the end of the run.
  set_tests_properties(contract.suite.${backend} PROPERTIES LABELS "contract-suite" TIMEOUT 600 COST 1000)
endforeach()

# `live` with no workspace configured: every test skips, and the summary says why.
add_test(NAME contract.suite.live_unconfigured
  COMMAND ${CMAKE_COMMAND} -E env --unset=LEPTON_WORKSPACE_ID --unset=LEPTON_WORKSPACE_URL
          --unset=LEPTON_WORKSPACE_TOKEN $<TARGET_FILE:lepton-contract> --backend=live)
set_tests_properties(contract.suite.live_unconfigured PROPERTIES LABELS "contract"
  PASS_REGULAR_EXPRESSION "skipped +[0-9]+: live backend not configured"
  FAIL_REGULAR_EXPRESSION "[1-9][0-9]* failed|[1-9][0-9]* passed")

# `live` pointed by the SDK's variables at a standalone fake, as a stand-in for a workspace.
add_test(NAME contract.suite.live_against_standalone_fake
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/live_stand_in.sh $<TARGET_FILE:fake-lepton>
          $<TARGET_FILE:lepton-contract>)
set_tests_properties(contract.suite.live_against_standalone_fake PROPERTIES
  LABELS "contract-suite" TIMEOUT 900 COST 1000)


# The drift guard on the committed recording (fixtures/recorded) and a fresh one of the fake.
add_test(NAME contract.drift_guard
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/drift_guard_test.sh
          $<TARGET_FILE:lepton-contract> $<TARGET_FILE:lepton-drift>
          ${PROJECT_SOURCE_DIR}/fixtures/recorded)
set_tests_properties(contract.drift_guard PROPERTIES LABELS "contract" TIMEOUT 300)
