#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "generate/allowlist.h"

namespace orchard::generate {

// The comment lines every output starts with where its format has comments: the command that
// made it, the catalog's source and date, the selection, the saved run and the resolution time.
// Each line starts with `marker` ("# ", "// ").
std::string CommentHeader(const Provenance& provenance, std::string_view marker);

// `text` made safe for a one-line comment: control characters and U+2028/U+2029 (a newline, or a
// JavaScript line separator in a PAC file, would end the comment and let a catalog or results
// file write config) become spaces.
std::string CommentText(std::string_view text);

// `intro` followed by `items` joined with ", ", wrapped into comment lines of about 100 columns,
// each starting with `marker`. Empty when there are no items.
std::string WrappedComment(std::string_view marker, std::string_view intro,
                           const std::vector<std::string>& items);

}  // namespace orchard::generate
