# orchard check end to end: the binary against loopback servers and a hand-built DNS server.
add_executable(check_e2e_test ${CMAKE_CURRENT_LIST_DIR}/check_e2e_test.cc)
target_link_libraries(check_e2e_test PRIVATE orchard_testing orchard_report GTest::gtest_main)
target_compile_definitions(check_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(check_e2e_test orchard)
gtest_discover_tests(check_e2e_test PROPERTIES LABELS e2e DISCOVERY_TIMEOUT 60)
