# Test registration. In a tests/<area>/ folder, call moce_add_tests(<area> LIBS ...):
#   every *_test.cpp    -> one GoogleTest binary moce_<area>_tests, each TEST registered with ctest;
#   every *_mpitest.cpp -> one binary moce_<area>_mpi_tests, run in one process and under
#                          mpiexec -n 2 and -n 3 (the same sources, so results must not depend on ranks).
# LABELS adds ctest labels (e.g. slow) to everything the call registers (GoogleTest cases take
# the first one instead of `unit`).
find_program(MOCE_MPIEXEC NAMES mpiexec mpirun HINTS ${MPIEXEC_EXECUTABLE})
set(MOCE_MPIEXEC_FLAGS --oversubscribe)
# Open MPI refuses root unless told; harmless for a normal user.
set(MOCE_TEST_ENV "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1;ASAN_OPTIONS=detect_leaks=0")

function(moce_add_tests area)
  cmake_parse_arguments(ARG "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB unit_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  file(GLOB mpi_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_mpitest.cpp)
  if(unit_sources)
    set(target moce_${area}_tests)
    add_executable(${target} ${unit_sources})
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} moce_local_world GTest::gtest_main moce_warnings)
    # The discovery script splits list values into separate arguments, so each property here
    # takes one value: the label `unit` (or the area's own label), and the sanitizer setting.
    # (Open MPI's root permission comes from jobs/test.sh and the ctest presets.)
    set(label unit)
    if(ARG_LABELS)
      list(GET ARG_LABELS 0 label)
    endif()
    gtest_discover_tests(${target} TEST_PREFIX "${area}." DISCOVERY_TIMEOUT 60
                         PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_leaks=0" LABELS "${label}"
                         WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  endif()
  if(mpi_sources)
    set(target moce_${area}_mpi_tests)
    add_executable(${target} ${mpi_sources})
    target_link_libraries(${target} PRIVATE ${ARG_LIBS} moce_test_support moce_mpi_gtest_main moce_warnings)
    add_test(NAME ${area}.mpi.np1 COMMAND ${target})
    foreach(np 2 3)
      add_test(NAME ${area}.mpi.np${np}
               COMMAND ${MOCE_MPIEXEC} ${MOCE_MPIEXEC_FLAGS} -n ${np} $<TARGET_FILE:${target}>)
    endforeach()
    set_tests_properties(${area}.mpi.np1 ${area}.mpi.np2 ${area}.mpi.np3 PROPERTIES
                         ENVIRONMENT "${MOCE_TEST_ENV}" LABELS "mpi;${ARG_LABELS}" TIMEOUT 300
                         WORKING_DIRECTORY ${PROJECT_BINARY_DIR})
  endif()
endfunction()
