# One INTERFACE target carries the project's warning flags; every target links it.
add_library(provcheck_warnings INTERFACE)
target_compile_options(provcheck_warnings INTERFACE
  -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
