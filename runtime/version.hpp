// Version and git SHA of the build; every output records them so results name the code that made them.
#pragma once

namespace moce {
const char* git_sha();
const char* version();
}  // namespace moce
