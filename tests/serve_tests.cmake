# orchard serve: the shipped alert rules must load in Prometheus, and a real Prometheus must
# scrape the exporter in a failing lab scenario (label "lab": root, Linux, lab packages).
find_program(ORCHARD_PROMTOOL promtool)
add_test(NAME e2e.serve.alert_rules_load
         COMMAND sh -c "command -v promtool >/dev/null || { echo 'SKIP: promtool missing; run scripts/install-deps.sh --test'; exit 77; }; promtool check rules \"$0\""
                 ${PROJECT_SOURCE_DIR}/deploy/orchard-alerts.yml)
set_tests_properties(e2e.serve.alert_rules_load PROPERTIES LABELS e2e SKIP_RETURN_CODE 77
                     PASS_REGULAR_EXPRESSION "SUCCESS: 4 rules found")
# A bad --listen is a usage error (exit 2) that names the option, before anything is probed.
set(ORCHARD_BAD_LISTENS nowhere 127.0.0.1:+80 127.0.0.1:99999 127.0.0.1: [::1]:x 10.0.0.1.5:80)
foreach(listen IN LISTS ORCHARD_BAD_LISTENS)
  string(MAKE_C_IDENTIFIER "${listen}" id)
  add_test(NAME e2e.serve.bad_listen.${id}
           COMMAND sh -c "out=$(\"$0\" serve --listen \"$1\" 2>&1); rc=$?; echo \"$out\"; [ $rc -eq 2 ] && case $out in *--listen*) echo USAGE_OK;; esac"
                   $<TARGET_FILE:orchard> ${listen})
  set_tests_properties(e2e.serve.bad_listen.${id} PROPERTIES LABELS e2e
                       PASS_REGULAR_EXPRESSION "USAGE_OK" TIMEOUT 20)
endforeach()
if(ORCHARD_PYTHON3)
  add_test(NAME lab.serve.prometheus.cert-validation-blocked
           COMMAND ${ORCHARD_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/lab/serve_test.py cert-validation-blocked
                   --orchard $<TARGET_FILE:orchard> --cache ${CMAKE_BINARY_DIR}/lab-cache)
  set_tests_properties(lab.serve.prometheus.cert-validation-blocked PROPERTIES LABELS lab
                       SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
# A hundred concurrent /probe scrapes through the binary share one run (single flight).
add_executable(serve_e2e_test ${CMAKE_CURRENT_LIST_DIR}/serve_e2e_test.cc)
target_link_libraries(serve_e2e_test PRIVATE orchard_testing GTest::gtest_main)
target_compile_definitions(serve_e2e_test PRIVATE ORCHARD_BINARY="$<TARGET_FILE:orchard>")
add_dependencies(serve_e2e_test orchard)
gtest_discover_tests(serve_e2e_test PROPERTIES LABELS e2e DISCOVERY_TIMEOUT 60)
