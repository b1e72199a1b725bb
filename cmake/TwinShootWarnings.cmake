# twinshoot::warnings — an INTERFACE target every project target links privately.
add_library(twinshoot_warnings INTERFACE)
add_library(twinshoot::warnings ALIAS twinshoot_warnings)
target_compile_options(twinshoot_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                    -Wno-missing-field-initializers)
if(TWINSHOOT_WERROR)
  target_compile_options(twinshoot_warnings INTERFACE -Werror)
endif()
if(TWINSHOOT_SANITIZE)
  target_compile_options(twinshoot_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(twinshoot_warnings INTERFACE -fsanitize=address,undefined)
endif()
