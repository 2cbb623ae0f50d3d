# Warnings and sanitizers as INTERFACE targets, linked PRIVATE by every moce target.
add_library(moce_warnings INTERFACE)
target_compile_options(moce_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough>
  $<$<BOOL:${MOCE_WERROR}>:-Werror>)

add_library(moce_sanitizers INTERFACE)
if(MOCE_SANITIZER)
  string(REPLACE "," ";" _moce_sans "${MOCE_SANITIZER}")
  foreach(_san IN LISTS _moce_sans)
    if(NOT _san MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "MOCE_SANITIZER: '${_san}' is not one of address, undefined, thread, leak")
    endif()
  endforeach()
  string(REPLACE ";" "," _moce_san_flag "${_moce_sans}")
  target_compile_options(moce_sanitizers INTERFACE -fsanitize=${_moce_san_flag} -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(moce_sanitizers INTERFACE -fsanitize=${_moce_san_flag})
endif()

# moce_library(<folder> SOURCES ... DEPS ...): the one library of a top-level folder, aliased moce::<folder>.
function(moce_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(moce_${name} ${ARG_SOURCES})
  add_library(moce::${name} ALIAS moce_${name})
  target_include_directories(moce_${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_link_libraries(moce_${name} PUBLIC ${ARG_PUBLIC_DEPS} moce_sanitizers
                                      PRIVATE ${ARG_PRIVATE_DEPS} moce_warnings)
endfunction()
