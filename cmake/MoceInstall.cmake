# `cmake --install build --prefix P`: bin/moce, the static libraries, the headers under
# include/moce, and the CMake package lib/cmake/moce, so that another project can
#   find_package(moce)  ->  moce::runtime, moce::operators, moce::experts, moce::simulator, moce::eval
#                           (static libraries, for programs that embed moce) and moce::plugin
#                           (what an out-of-tree expert compiles against; moce_add_plugin() makes one).
# A plugin links none of the libraries: its calls resolve, when `moce --plugin` loads it, against
# the moce executable, which therefore exports its symbols and carries every object of the
# libraries a plugin may call (whole archive), not only those the built-in experts happen to use.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MOCE_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/moce)
set(MOCE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/moce)
set(MOCE_LIBRARIES runtime operators experts simulator eval)

foreach(lib IN LISTS MOCE_LIBRARIES)
  target_include_directories(moce_${lib} PUBLIC $<INSTALL_INTERFACE:${MOCE_INSTALL_INCLUDEDIR}>)
  set_target_properties(moce_${lib} PROPERTIES EXPORT_NAME ${lib})
endforeach()
target_link_libraries(moce_experts PRIVATE ${CMAKE_DL_LIBS})  # the plugin loader's dlopen
set_target_properties(moce_hdf5 PROPERTIES EXPORT_NAME hdf5)
set_target_properties(moce_warnings PROPERTIES EXPORT_NAME warnings)
set_target_properties(moce_sanitizers PROPERTIES EXPORT_NAME sanitizers)

# The executable exports its symbols (-rdynamic) and keeps every object of the libraries below it.
set_target_properties(moce PROPERTIES ENABLE_EXPORTS ON)
target_link_options(moce PRIVATE "LINKER:--whole-archive" $<TARGET_FILE:moce_experts> $<TARGET_FILE:moce_operators>
                    $<TARGET_FILE:moce_runtime> "LINKER:--no-whole-archive")

# moce::plugin: the headers and the compile settings of their third-party includes, no libraries.
add_library(moce_plugin INTERFACE)
set_target_properties(moce_plugin PROPERTIES EXPORT_NAME plugin)
target_include_directories(moce_plugin INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}> $<INSTALL_INTERFACE:${MOCE_INSTALL_INCLUDEDIR}>
  $<TARGET_PROPERTY:MPI::MPI_C,INTERFACE_INCLUDE_DIRECTORIES>
  $<TARGET_PROPERTY:Eigen3::Eigen,INTERFACE_INCLUDE_DIRECTORIES>
  ${HDF5_C_INCLUDE_DIRS} ${HDF5_INCLUDE_DIRS})
target_compile_definitions(moce_plugin INTERFACE OMPI_SKIP_MPICXX=1 MPICH_SKIP_MPICXX=1)
target_compile_features(moce_plugin INTERFACE cxx_std_20)

install(TARGETS moce RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS moce_runtime moce_operators moce_experts moce_simulator moce_eval
                moce_hdf5 moce_warnings moce_sanitizers moce_plugin
        EXPORT moceTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(folder runtime operators experts simulator eval)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder} DESTINATION ${MOCE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "python" EXCLUDE)
endforeach()
# The plot script `moce evaluate` runs; the installed program finds it here, relative to its own
# folder (eval/cli/plot_script.cpp), so it needs no checkout and no MOCE_PLOT_SCRIPT.
install(FILES ${PROJECT_SOURCE_DIR}/eval/python/plot_results.py ${PROJECT_SOURCE_DIR}/eval/python/moce_reader.py
        DESTINATION ${CMAKE_INSTALL_DATADIR}/moce/python)
install(EXPORT moceTargets NAMESPACE moce:: DESTINATION ${MOCE_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/moceConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/generated/moceConfig.cmake
                              INSTALL_DESTINATION ${MOCE_INSTALL_CMAKEDIR} PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/generated/moceConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/generated/moceConfig.cmake ${PROJECT_BINARY_DIR}/generated/moceConfigVersion.cmake
        DESTINATION ${MOCE_INSTALL_CMAKEDIR})
