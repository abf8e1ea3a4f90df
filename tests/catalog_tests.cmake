# End-to-end tests of `orchard catalog` (included from tests/CMakeLists.txt).
foreach(mode json_rows sep_has_certificate_validation malformed_catalog import_and_diff
             import_browser_copy import_not_utf8)
  add_test(NAME e2e.catalog.${mode}
           COMMAND ${CMAKE_COMMAND} -DORCHARD=$<TARGET_FILE:orchard> -DMODE=${mode}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/catalog_e2e/${mode}
                   -DTESTDATA=${PROJECT_SOURCE_DIR}/src/catalog/testdata
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/catalog_e2e.cmake)
  set_tests_properties(e2e.catalog.${mode} PROPERTIES LABELS e2e)
endforeach()
