# The git SHA is re-read at every build (not only at configure time), so outputs name the code that made them.
set(MOCE_VERSION_CPP ${PROJECT_BINARY_DIR}/generated/moce_version.cpp)
add_custom_target(moce_version_stamp
  COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DOUT=${MOCE_VERSION_CPP}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/WriteVersion.cmake
  BYPRODUCTS ${MOCE_VERSION_CPP}
  COMMENT "Stamping git SHA")
