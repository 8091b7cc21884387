# Writes the program version and git revision header at build time (run by the
# smugglesim_version target), so outputs always name the revision that was built.
# Inputs: SRC (source dir), IN (template), OUT (header), VERSION.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE SMUGGLESIM_GIT_REVISION
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no
                WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE _dirty
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT SMUGGLESIM_GIT_REVISION)
  set(SMUGGLESIM_GIT_REVISION "unknown")
elseif(_dirty)
  string(APPEND SMUGGLESIM_GIT_REVISION "-dirty")
endif()
set(PROJECT_VERSION ${VERSION})
configure_file(${IN} ${OUT} @ONLY)  # rewrites only when the text changes
