# The TLS probe: trust stores, chain analysis and the async handshake (src/probe/tls_*).
# Included from src/probe/CMakeLists.txt so the TLS parts stay out of the engine's way.

# Embed the genuine roots (src/probe/roots/*.pem) as string literals.
file(GLOB ORCHARD_TLS_ROOT_PEMS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/roots/*.pem)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ORCHARD_TLS_ROOT_PEMS})
set(ORCHARD_TLS_ROOT_BODY "")
list(LENGTH ORCHARD_TLS_ROOT_PEMS ORCHARD_TLS_ROOT_COUNT)
foreach(pem ${ORCHARD_TLS_ROOT_PEMS})
  file(READ ${pem} content)
  get_filename_component(name ${pem} NAME)
  string(APPEND ORCHARD_TLS_ROOT_BODY "    {\"${name}\", R\"orchard_pem(${content})orchard_pem\"},\n")
endforeach()
configure_file(tls_roots_data.cc.in ${CMAKE_CURRENT_BINARY_DIR}/tls_roots_data.cc @ONLY)

target_sources(orchard_probe PRIVATE
  tls_x509.cc
  tls_trust.cc
  tls_chain.cc
  tls_probe.cc
  ${CMAKE_CURRENT_BINARY_DIR}/tls_roots_data.cc)
target_link_libraries(orchard_probe PUBLIC OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

orchard_test(probe_tls_trust_test SOURCES tls_trust_test.cc LIBS orchard_probe orchard_test_pki)
orchard_test(probe_tls_chain_test SOURCES tls_chain_test.cc LIBS orchard_probe orchard_test_pki)
orchard_test(probe_tls_probe_test SOURCES tls_probe_test.cc LIBS orchard_probe orchard_testing)
