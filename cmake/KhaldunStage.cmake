# khaldun_stage(NAME [DEPS stage...] [LIBS target...])
#
# Declares the pipeline stage in the current folder src/NAME/:
#   - khaldun_NAME: static library of every *.cc except *_test.cc, *_fuzz.cc, *_bench.cc
#   - khaldun_NAME_test: GoogleTest binary of the folder's *_test.cc, run by ctest
# DEPS names other stages (without the khaldun_ prefix); LIBS are extra link targets.
# A stage only builds against what it declares, so one stage's work in progress
# does not break another's tests.
set(KHALDUN_ALL_STAGES "" CACHE INTERNAL "")

function(khaldun_stage NAME)
  cmake_parse_arguments(ARG "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "_(test|fuzz|bench)\\.cc$")
  if(srcs)
    add_library(khaldun_${NAME} STATIC ${srcs})
  else()
    add_library(khaldun_${NAME} INTERFACE)
  endif()
  set(scope PUBLIC)
  if(NOT srcs)
    set(scope INTERFACE)
  endif()
  target_include_directories(khaldun_${NAME} ${scope} ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  target_compile_definitions(khaldun_${NAME} ${scope} KHALDUN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    KHALDUN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  foreach(d ${ARG_DEPS})
    target_link_libraries(khaldun_${NAME} ${scope} khaldun_${d})
  endforeach()
  if(ARG_LIBS)
    target_link_libraries(khaldun_${NAME} ${scope} ${ARG_LIBS})
  endif()
  set(KHALDUN_ALL_STAGES ${KHALDUN_ALL_STAGES} khaldun_${NAME} CACHE INTERNAL "")

  if(KHALDUN_TESTS)
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
    if(tests)
      add_executable(khaldun_${NAME}_test ${tests})
      target_link_libraries(khaldun_${NAME}_test PRIVATE khaldun_${NAME} GTest::gtest GTest::gtest_main GTest::gmock)
      gtest_discover_tests(khaldun_${NAME}_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "KHALDUN_BIN=${PROJECT_BINARY_DIR}/khaldun")
    endif()
  endif()
  if(KHALDUN_BENCH)
    file(GLOB benches CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_bench.cc)
    foreach(b ${benches})
      get_filename_component(bname ${b} NAME_WE)
      add_executable(${bname} ${b})
      target_link_libraries(${bname} PRIVATE khaldun_${NAME} benchmark::benchmark benchmark::benchmark_main)
    endforeach()
  endif()
  if(KHALDUN_FUZZ)
    file(GLOB fuzzers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_fuzz.cc)
    foreach(f ${fuzzers})
      get_filename_component(fname ${f} NAME_WE)
      add_executable(${fname} ${f})
      target_link_libraries(${fname} PRIVATE khaldun_${NAME})
      target_link_options(${fname} PRIVATE -fsanitize=fuzzer)
      khaldun_fuzz_smoke_test(${fname})
    endforeach()
  endif()
endfunction()

# Registers a short libFuzzer run of FUZZER as a ctest test (label "fuzz"): it starts
# from the committed seeds in tests/fuzz/corpus/<name without _fuzz>/ and writes what
# it finds into the build tree, never into the committed corpus. `make fuzz` runs the
# same binaries for longer (scripts/fuzz.sh).
set(KHALDUN_FUZZ_SECONDS 5 CACHE STRING "seconds each fuzzer runs inside ctest")
function(khaldun_fuzz_smoke_test FUZZER)
  string(REGEX REPLACE "_fuzz$" "" corpus_name ${FUZZER})
  set(seeds ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${corpus_name})
  set(work ${PROJECT_BINARY_DIR}/fuzz-work/${corpus_name})
  file(MAKE_DIRECTORY ${work} ${PROJECT_BINARY_DIR}/fuzz-artifacts)
  set(args -max_total_time=${KHALDUN_FUZZ_SECONDS} -timeout=20 -rss_limit_mb=2048
      -artifact_prefix=${PROJECT_BINARY_DIR}/fuzz-artifacts/${FUZZER}- ${work})
  if(EXISTS ${seeds})
    list(APPEND args ${seeds})
  endif()
  add_test(NAME fuzz.${FUZZER} COMMAND ${FUZZER} ${args} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(fuzz.${FUZZER} PROPERTIES LABELS fuzz TIMEOUT 120)
endfunction()
