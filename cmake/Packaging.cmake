# A Debian package: `cpack` in a build directory (or `cpack --config
# BUILD/CPackConfig.cmake -B OUTDIR`) writes rollsafe_<version>_<arch>.deb with the
# binary, the man page, the bash, zsh and fish completions (tools/CMakeLists.txt)
# and the documentation below.
#
# Runtime dependencies come from dpkg-shlibdeps (dpkg-dev), which reads the ELF
# binary's NEEDED entries. libpg_query is linked statically (libpg_query.a, see
# Dependencies.cmake), so the package does not depend on libpg-query; it depends
# on libc6, libgcc-s1 and libstdc++6 only.
include(GNUInstallDirs)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/ci.md
              ${PROJECT_SOURCE_DIR}/docs/json-format.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(ROLLSAFE_PACKAGE_MAINTAINER "rollsafe maintainers <maintainers@rollsafe.invalid>"
    CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rollsafe)
set(CPACK_PACKAGE_VENDOR rollsafe)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${ROLLSAFE_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "static checker for rolling-upgrade-safe SQL migrations")
set(CPACK_PACKAGE_DESCRIPTION
    "rollsafe tells, before you deploy, whether a SQL schema migration is safe for a
rolling upgrade: while nodes upgrade one at a time, the previous release's code
keeps serving against the migrated database, so a migration must not break it
(drop, rename or retype what it uses, make its writes fail) and must not lock a
busy table long enough to cause an outage.

It checks the expand, migrate, contract discipline with PostgreSQL 15's own
parser (libpg_query, linked in), reports findings with the fix, and runs in CI
(SARIF, GitHub and GitLab formats) and as a pre-commit hook.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${ROLLSAFE_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pre-commit")

include(CPack)
